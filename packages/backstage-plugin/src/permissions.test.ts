import * as backend from '../../backstage-backend/src/permissions';
import { pypiPermissions } from './permissions';

describe('frontend permissions', () => {
  it('are the backend plugin permissions, by name and attributes', () => {
    const summary = (
      permissions: { name: string; attributes: unknown; type: string }[],
    ) =>
      permissions.map(({ name, attributes, type }) => ({
        name,
        attributes,
        type,
      }));
    expect(summary(pypiPermissions)).toEqual(summary(backend.pypiPermissions));
  });
});
