import { CONTEXT } from '@wheelhouse/test-utils/fakeToolkit';
import { buildMetadata } from './buildMetadata';

describe('buildMetadata', () => {
  it('records the run under github.* keys, with the run URL', () => {
    expect(buildMetadata(CONTEXT)).toEqual({
      'github.sha': '0123456789abcdef0123456789abcdef01234567',
      'github.ref': 'refs/heads/main',
      'github.repository': 'acme/widgets',
      'github.workflow': 'release',
      'github.run_id': '4242',
      'github.run_url':
        'https://github.example.com/acme/widgets/actions/runs/4242',
      'github.actor': 'octocat',
      'github.event_name': 'push',
    });
  });

  it('leaves out what is not known outside Actions instead of storing empty values', () => {
    expect(buildMetadata({ ...CONTEXT, runId: '', actor: '' })).toEqual({
      'github.sha': CONTEXT.sha,
      'github.ref': CONTEXT.ref,
      'github.repository': CONTEXT.repository,
      'github.workflow': CONTEXT.workflow,
      'github.event_name': CONTEXT.eventName,
    });
  });
});
