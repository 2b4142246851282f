import {
  isRepositoryOperation,
  operationOfAuditEvent,
  operationsOfScope,
  PYPI_OPERATION_NAMES,
  PYPI_OPERATIONS,
  scopesAllow,
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
    ]);
    expect(operationsOfScope('admin')).toEqual(PYPI_OPERATION_NAMES);
  });

  it('keeps what loses data for good to admins, with tokens and permissions alike', () => {
    for (const scope of PYPI_SCOPES.filter(s => s !== 'admin')) {
      expect(scopesAllow([scope], 'version.purge')).toBe(false);
      expect(scopesAllow([scope], 'token.manage')).toBe(false);
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
});
