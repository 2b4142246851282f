import { TAG_MAX_LENGTH } from '@wheelhouse/backstage-plugin-pypi-common';
import { FormEvent, useState } from 'react';
import { Box, Button, Chip, TextField } from '@material-ui/core';
import { useApi } from '@backstage/core-plugin-api';
import { toastApiRef } from '@backstage/frontend-plugin-api';
import { ProjectTag } from '@wheelhouse/backstage-plugin-pypi-common';
import { pypiApiRef, VersionRef } from '../../api';

/**
 * The artifact's tags; those on the selected version highlighted. With permission: a tag is set on the selected
 * version (moved here if it pointed elsewhere) and removed from its chip.
 */
export function TagEditor(props: {
  versionRef: VersionRef;
  tags: ProjectTag[];
  editable: boolean;
  onChanged(): void;
}) {
  const api = useApi(pypiApiRef);
  const toastApi = useApi(toastApiRef);
  const [tag, setTag] = useState('');
  const [busy, setBusy] = useState(false);
  const { versionRef, tags } = props;
  const moving = tags.find(
    existing =>
      existing.tag === tag.trim() && existing.version !== versionRef.version,
  );

  const run = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await action();
      toastApi.post({ title: done, status: 'success', timeout: 4000 });
      props.onChanged();
      return true;
    } catch (error) {
      toastApi.post({ title: (error as Error).message, status: 'danger' });
      return false;
    } finally {
      setBusy(false);
    }
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const name = tag.trim();
    if (!name) return;
    if (
      await run(
        () => api.setTag(versionRef, name),
        `Tag ${name} now points at ${versionRef.version}`,
      )
    )
      setTag('');
  };

  return (
    <Box>
      <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
        {tags.length === 0 && '–'}
        {tags.map(existing => (
          <Chip
            key={existing.tag}
            size="small"
            label={`${existing.tag}: ${existing.version}`}
            color={
              existing.version === versionRef.version ? 'primary' : 'default'
            }
            onDelete={
              props.editable && !busy
                ? () =>
                    run(
                      () =>
                        api.removeTag(
                          versionRef.repository,
                          versionRef.name,
                          existing.tag,
                        ),
                      `Tag ${existing.tag} removed`,
                    )
                : undefined
            }
            // The chip's delete icon has no name of its own.
            aria-label={`Tag ${existing.tag}: ${existing.version}`}
          />
        ))}
      </Box>
      {props.editable && (
        <Box
          component="form"
          onSubmit={submit}
          display="flex"
          flexWrap="wrap"
          alignItems="center"
          mt={1}
          style={{ gap: 8 }}
        >
          <TextField
            size="small"
            variant="outlined"
            label="Tag"
            value={tag}
            onChange={event => setTag(event.target.value)}
            inputProps={{ maxLength: TAG_MAX_LENGTH, 'aria-label': 'Tag name' }}
            helperText={
              moving ? `Moves ${moving.tag} from ${moving.version}` : undefined
            }
          />
          <Button
            type="submit"
            variant="outlined"
            size="small"
            disabled={busy || !tag.trim()}
          >
            {moving ? 'Move tag here' : 'Add tag'}
          </Button>
        </Box>
      )}
    </Box>
  );
}
