import { Route, Routes } from 'react-router-dom';
import { ProjectDetailsPage } from './ProjectDetailsPage';
import { RepositoryHomePage } from './RepositoryHomePage';
import { RepositoryIndex } from './RepositoryIndex';

/** The plugin's page, mounted by the app (e.g. at /pypi): repositories, a repository's tabs, artifact details. */
export function PypiPage() {
  return (
    <Routes>
      <Route path="/" element={<RepositoryIndex />} />
      <Route
        path="/:repository/packages/:name"
        element={<ProjectDetailsPage />}
      />
      <Route path="/:repository/*" element={<RepositoryHomePage />} />
    </Routes>
  );
}
