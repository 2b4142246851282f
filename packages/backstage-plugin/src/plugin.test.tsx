import {
  PYPI_PACKAGE_ANNOTATION,
  pypiApiRef,
  PypiClient,
  PypiPage,
  pypiPlugin,
  EntityPypiCard,
  EntityPypiContent,
  isPypiAvailable,
} from './index';
import alphaPlugin from './alpha';

describe('plugin entry points', () => {
  it('exports the legacy plugin with its API factory, page, entity tab and card', () => {
    expect(pypiPlugin.getId()).toBe('pypi');
    const factory = [...pypiPlugin.getApis()].find(
      api => api.api.id === pypiApiRef.id,
    )!;
    const discoveryApi = {
      getBaseUrl: jest.fn(async () => 'http://portal/api/pypi'),
    };
    const fetchApi = { fetch: jest.fn() };
    expect(factory.factory({ discoveryApi, fetchApi })).toBeInstanceOf(
      PypiClient,
    );
    expect(PypiPage).toBeDefined();
    expect(EntityPypiContent).toBeDefined();
    expect(EntityPypiCard).toBeDefined();
    expect(PYPI_PACKAGE_ANNOTATION).toBe('wheelhouse.dev/pypi-package');
    expect(typeof isPypiAvailable).toBe('function');
  });

  it('exports a plugin for the new frontend system from ./alpha', () => {
    expect(alphaPlugin.pluginId).toBe('pypi');
    expect(Object.keys(alphaPlugin.routes)).toEqual([
      'root',
      'repository',
      'artifact',
    ]);
    for (const id of [
      'api:pypi',
      'page:pypi',
      'entity-content:pypi',
      'entity-card:pypi/package',
    ]) {
      expect(alphaPlugin.getExtension(id as never)).toBeDefined();
    }
  });
});
