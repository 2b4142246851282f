import {
  isRepositoryOperation,
  operationOfAuditEvent,
  operationsOfScope,
  PYPI_OPERATION_NAMES,
  PYPI_OPERATIONS,
  scopesAllow,
  scopesAllowedBy,
} from './operations';
import { pypiAdminPermission, pypiPermissions } from './permissions';
import { PYPI_SCOPES } from './scopes';

describe('the operations table', () => {
  it('grants each scope exactly the operations whose scope it includes', () => {
    expect(operationsOfScope('read')).toEqual(['package.read']);
    expect(operationsOfScope('publish')).toEqual([
      'package.read',
      'package.publish',
    ]);
    expect(operationsOfScope('manage')).toEqual([
      'package.read',
      'version.disable',
      'version.yank',
      'version.delete',
      'version.restore',
      'metadata.update',
      'tag.update',
      'project.tracks',
      'cache.purge',
    ]);
    expect(operationsOfScope('admin')).toEqual(PYPI_OPERATION_NAMES);
  });

  it('keeps what loses data for good to admins, with tokens and permissions alike', () => {
    for (const scope of PYPI_SCOPES.filter(s => s !== 'admin')) {
      expect(scopesAllow([scope], 'version.purge')).toBe(false);
      expect(scopesAllow([scope], 'token.manage')).toBe(false);
      expect(scopesAllow([scope], 'publisher.manage')).toBe(false);
    }
    expect(PYPI_OPERATIONS['version.purge'].permission).toBe(
      pypiAdminPermission,
    );
    expect(isRepositoryOperation('version.purge')).toBe(false);
    expect(isRepositoryOperation('version.delete')).toBe(true);
  });

  it('names each audit event in one operation only, and only registered permissions', () => {
    const events = PYPI_OPERATION_NAMES.flatMap(
      operation => PYPI_OPERATIONS[operation].auditEvents,
    );
    expect(new Set(events).size).toBe(events.length);
    expect(operationOfAuditEvent('restore')).toBe('version.restore');
    expect(operationOfAuditEvent('untag')).toBe('tag.update');
    expect(operationOfAuditEvent('no-such-event')).toBeUndefined();
    for (const operation of PYPI_OPERATION_NAMES) {
      expect(pypiPermissions).toContain(PYPI_OPERATIONS[operation].permission);
    }
  });

  it('offers a scope only when every operation of it is allowed', () => {
    const allowing = (names: string[]) => (name: string) =>
      names.includes(name);
    expect(scopesAllowedBy(allowing(['pypi.package.read']))).toEqual(['read']);
    expect(
      scopesAllowedBy(allowing(['pypi.package.read', 'pypi.package.publish'])),
    ).toEqual(['read', 'publish']);
    // manage needs disable, delete, restore and metadata; missing restore leaves it out.
    const manageButRestore = [
      'pypi.package.read',
      'pypi.version.disable',
      'pypi.version.delete',
      'pypi.metadata.update',
    ];
    expect(scopesAllowedBy(allowing(manageButRestore))).toEqual(['read']);
    expect(
      scopesAllowedBy(allowing([...manageButRestore, 'pypi.version.restore'])),
    ).toEqual(['read', 'manage']);
    expect(scopesAllowedBy(() => true)).toEqual([...PYPI_SCOPES]);
  });
});
