import { NewTrustedPublisher, TrustedPublisher } from './types';

/** The trusted publishers of every repository, pending ones included. */
export interface PublisherStore {
  list(filter: {
    repository: string;
    project?: string;
  }): Promise<TrustedPublisher[]>;
  get(id: string): Promise<TrustedPublisher | undefined>;
  /** Publishers for one GitHub repository (owner and name compared without case), in every registry repository. */
  findForGitHubRepository(
    owner: string,
    name: string,
  ): Promise<TrustedPublisher[]>;
  /** Adds a publisher; `pending` says whether its project exists yet. Throws ConflictError for a duplicate. */
  add(
    publisher: NewTrustedPublisher,
    options: { pending: boolean },
  ): Promise<TrustedPublisher>;
  remove(id: string): Promise<boolean>;
  /** The first upload through a pending publisher created its project: it is an ordinary publisher from now on. */
  activate(id: string): Promise<void>;
  /** Makes the `config` publishers exactly these (others of the API stay). */
  syncConfigured(
    publishers: NewTrustedPublisher[],
    pending: (publisher: NewTrustedPublisher) => Promise<boolean>,
  ): Promise<void>;
}
