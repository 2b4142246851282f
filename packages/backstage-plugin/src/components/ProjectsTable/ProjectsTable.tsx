import { SEARCH_MAX_LENGTH } from '@wheelhouse/backstage-plugin-pypi-common';
import { useState } from 'react';
import {
  Box,
  Chip,
  InputAdornment,
  Paper,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TablePagination,
  TableRow,
  TableSortLabel,
  TextField,
  Typography,
  useMediaQuery,
  useTheme,
} from '@material-ui/core';
import SearchIcon from '@material-ui/icons/Search';
import { EmptyState, Link, Progress } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  ProjectSort,
  ProjectSummary,
  SortOrder,
} from '@wheelhouse/backstage-plugin-pypi-common';
import { pypiApiRef } from '../../api';
import { useAsyncData } from '../../hooks/useAsyncData';
import {
  artifactRouteRef,
  repositoryRouteRef,
  REPOSITORY_TABS,
} from '../../routes';
import { LoadError } from '../common/LoadError';
import { PROJECT_COLUMNS } from './columns';
import { useDebounced } from './useDebounced';

const PAGE_SIZES = [10, 20, 50, 100];

/** The project's tags, and where a proxy repository's project was stored from. */
function tags(project: ProjectSummary) {
  const chips = project.tags.map(tag => (
    <Chip
      key={tag.tag}
      size="small"
      label={`${tag.tag}: ${tag.version}`}
      style={{ marginRight: 4, marginTop: 2 }}
    />
  ));
  if (project.cached)
    chips.unshift(
      <Chip
        key={`\u0000cached`}
        size="small"
        variant="outlined"
        label={`cached from ${upstreamHost(project.upstream)}`}
        title={project.upstream}
        style={{ marginRight: 4, marginTop: 2 }}
      />,
    );
  return chips;
}

function upstreamHost(url: string | undefined): string {
  try {
    return url ? new URL(url).host : 'upstream';
  } catch {
    return 'upstream';
  }
}

/** The Artifacts tab: every package of a repository, searchable by name, sortable, paged. */
export function ProjectsTable({ repository }: { repository: string }) {
  const api = useApi(pypiApiRef);
  const projectLink = useRouteRef(artifactRouteRef);
  const repositoryLink = useRouteRef(repositoryRouteRef);
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<{ by: ProjectSort; order: SortOrder }>({
    by: 'name',
    order: 'asc',
  });
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(20);
  const query = useDebounced(search.trim(), 250);
  const narrow = useMediaQuery(useTheme().breakpoints.down('xs'));
  const columns = PROJECT_COLUMNS.filter(column => !narrow || !column.wide);

  const projects = useAsyncData(
    () =>
      api.listArtifacts(repository, {
        search: query,
        sort: sort.by,
        order: sort.order,
        offset: page * pageSize,
        limit: pageSize,
      }),
    [api, repository, query, sort.by, sort.order, page, pageSize],
  );

  const sortBy = (by: ProjectSort) => {
    const column = PROJECT_COLUMNS.find(candidate => candidate.sort === by)!;
    const flip = (order: SortOrder): SortOrder =>
      order === 'asc' ? 'desc' : 'asc';
    setSort(current => ({
      by,
      order: current.by === by ? flip(current.order) : column.firstOrder,
    }));
    setPage(0);
  };
  const onSearch = (text: string) => {
    setSearch(text);
    setPage(0);
  };

  const value = projects.value;
  let body;
  if (projects.error) {
    body = (
      <LoadError
        error={projects.error}
        title="Could not load the artifacts"
        onRetry={projects.retry}
      />
    );
  } else if (!value) {
    body = <Progress />;
  } else if (!value.total && !query) {
    body = (
      <EmptyState
        missing="content"
        title="No artifacts yet"
        description="Nothing has been published to this repository. The User Guide shows how to push packages with twine."
        action={
          <Link
            to={`${repositoryLink({ repository })}/${REPOSITORY_TABS.userGuide}`}
          >
            Open the User Guide
          </Link>
        }
      />
    );
  } else {
    body = (
      <TableContainer component={Paper}>
        {projects.loading && <Progress />}
        <Table size="small" aria-label="Artifacts">
          <TableHead>
            <TableRow style={{ whiteSpace: 'nowrap' }}>
              {columns.map(column => (
                <TableCell
                  key={column.sort}
                  align={column.numeric ? 'right' : 'left'}
                  sortDirection={sort.by === column.sort ? sort.order : false}
                >
                  <TableSortLabel
                    active={sort.by === column.sort}
                    direction={
                      sort.by === column.sort ? sort.order : column.firstOrder
                    }
                    onClick={() => sortBy(column.sort)}
                  >
                    {column.title}
                  </TableSortLabel>
                </TableCell>
              ))}
              {!narrow && <TableCell>Tags</TableCell>}
            </TableRow>
          </TableHead>
          <TableBody>
            {value.items.map(project => (
              <TableRow key={project.name} hover>
                {columns.map(column => (
                  <TableCell
                    key={column.sort}
                    align={column.numeric ? 'right' : 'left'}
                  >
                    {column.render ? (
                      column.render(project)
                    ) : (
                      <>
                        <Link
                          to={projectLink({ repository, name: project.name })}
                          style={{ overflowWrap: 'anywhere' }}
                        >
                          {project.displayName}
                        </Link>
                        {/* On a phone the tags go under the name instead of a column of their own. */}
                        {narrow && tags(project)}
                      </>
                    )}
                  </TableCell>
                ))}
                {!narrow && <TableCell>{tags(project)}</TableCell>}
              </TableRow>
            ))}
            {!value.items.length && (
              <TableRow>
                <TableCell colSpan={columns.length + 1}>
                  <Typography color="textSecondary">
                    No artifacts match “{query}”.
                  </Typography>
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
        <TablePagination
          component="div"
          count={value.total}
          page={page}
          rowsPerPage={pageSize}
          rowsPerPageOptions={narrow ? [] : PAGE_SIZES}
          onPageChange={(_event, next) => setPage(next)}
          onRowsPerPageChange={event => {
            setPageSize(Number(event.target.value));
            setPage(0);
          }}
        />
      </TableContainer>
    );
  }

  return (
    <Box>
      <Box
        mb={2}
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 16 }}
      >
        <TextField
          id="pypi-artifact-search"
          label="Search by name"
          variant="outlined"
          size="small"
          value={search}
          onChange={event => onSearch(event.target.value)}
          inputProps={{
            'aria-label': 'Search artifacts by name',
            maxLength: SEARCH_MAX_LENGTH,
          }}
          InputProps={{
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon fontSize="small" />
              </InputAdornment>
            ),
          }}
          style={{ width: '100%', maxWidth: 360 }}
        />
        {value && (
          <Typography variant="body2" color="textSecondary">
            {value.total} artifact{value.total === 1 ? '' : 's'}
          </Typography>
        )}
      </Box>
      {body}
    </Box>
  );
}
