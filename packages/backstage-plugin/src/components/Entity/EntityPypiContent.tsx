import { useState } from 'react';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { getPypiPackage, PYPI_PACKAGE_ANNOTATION } from '../../annotations';
import { ProjectDetailsView } from '../ProjectDetails/ProjectDetailsView';

/** The entity's PyPI tab: the details of the package it is annotated with. */
export function EntityPypiContent() {
  const { entity } = useEntity();
  const target = getPypiPackage(entity);
  const [version, setVersion] = useState<string>();
  if (!target)
    return <MissingAnnotationEmptyState annotation={PYPI_PACKAGE_ANNOTATION} />;
  return (
    <ProjectDetailsView
      repository={target.repository}
      name={target.name}
      version={version}
      onVersionChange={setVersion}
      onDeleted={() => setVersion(undefined)}
    />
  );
}
