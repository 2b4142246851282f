/**
 * The set-up most end-to-end suites share: build these projects' distributions, start a registry (on SQLite or
 * PostgreSQL) and create its tokens.
 */
import path from 'node:path';
import { ManagementClient } from './management';
import { createTestDatabase } from './postgres';
import { buildDists, BuiltDists, makeProject, ProjectSpec } from './python';
import {
  createToken,
  RunningRegistry,
  StartRegistryOptions,
  startRegistry,
} from './registry';

export interface BuildProjectOptions {
  /** The project's sources go to `<dir>/src/<name>-<version>`. */
  dir: string;
  /** Where its wheel and sdist go. */
  outDir: string;
  project: ProjectSpec;
  /** Changes the written project before it is built (e.g. adds a README). */
  prepare?: (projectDir: string) => void;
}

/** Writes a setuptools project and builds its wheel and sdist. */
export async function buildProject(
  options: BuildProjectOptions,
): Promise<BuiltDists> {
  const { name, version } = options.project;
  const projectDir = makeProject(
    path.join(options.dir, 'src', `${name}-${version}`),
    options.project,
  );
  options.prepare?.(projectDir);
  return buildDists(projectDir, options.outDir);
}

export interface BuildProjectsOptions extends Omit<
  BuildProjectOptions,
  'project'
> {
  projects: ProjectSpec[];
}

/** buildProject for each project, one after the other (a build keeps a core busy); keyed `name==version`. */
export async function buildProjects(
  options: BuildProjectsOptions,
): Promise<Record<string, BuiltDists>> {
  const built: Record<string, BuiltDists> = {};
  for (const project of options.projects)
    built[`${project.name}==${project.version}`] = await buildProject({
      ...options,
      project,
    });
  return built;
}

/** A wheel and sdist pair as one list of files, in that order, for twine. */
export const distFiles = (...built: BuiltDists[]): string[] =>
  built.flatMap(({ wheel, sdist }) => [wheel, sdist]);

export interface StartRegistryWithTokensOptions extends StartRegistryOptions {
  /** Tokens created with the CLI once the server listens: name → scopes. */
  tokens: Record<string, string[]>;
}

export interface RegistryWithTokens {
  registry: RunningRegistry;
  /** The created tokens by name. */
  tokens: Record<string, string>;
  /** A management client with the first token. */
  api: ManagementClient;
}

/** Starts the built server and creates its tokens (after the start, so the migrations have run on either database). */
export async function startRegistryWithTokens(
  options: StartRegistryWithTokensOptions,
): Promise<RegistryWithTokens> {
  const { tokens: scopesByName, ...start } = options;
  const registry = await startRegistry(start);
  const tokens: Record<string, string> = {};
  try {
    for (const [name, scopes] of Object.entries(scopesByName))
      tokens[name] = await createToken({
        dataDir: options.dataDir,
        databaseUrl: options.databaseUrl,
        env: options.env,
        name,
        scopes,
      });
  } catch (error) {
    await registry.stop();
    throw error;
  }
  const [first] = Object.values(tokens);
  return { registry, tokens, api: new ManagementClient(registry.url, first) };
}

export interface DatabaseBackend {
  name: string;
  /** A fresh database, or none (SQLite files in the data directory). */
  database(): Promise<{ url?: string; drop(): Promise<void> }>;
}

export const SQLITE: DatabaseBackend = {
  name: 'SQLite',
  database: async () => ({ url: undefined, drop: async () => undefined }),
};

export const POSTGRESQL: DatabaseBackend = {
  name: 'PostgreSQL',
  database: createTestDatabase,
};

export interface StartedRegistry extends RegistryWithTokens {
  /** Stops the server, then drops its database. */
  stop(): Promise<void>;
}

/** startRegistryWithTokens on a fresh database of this backend. */
export async function startRegistryOn(
  backend: DatabaseBackend,
  options: Omit<StartRegistryWithTokensOptions, 'databaseUrl'>,
): Promise<StartedRegistry> {
  const database = await backend.database();
  try {
    const started = await startRegistryWithTokens({
      ...options,
      databaseUrl: database.url,
    });
    return {
      ...started,
      stop: async () => {
        await started.registry.stop();
        await database.drop();
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}
