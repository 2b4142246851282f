import { Box, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { SetupGuide } from '@wheelhouse/backstage-plugin-pypi-common';
import { BreakableText } from '../common/BreakableText';
import { CommandBlock } from './CommandBlock';

/** Pull: pip install --index-url, pip.conf, requirements.txt and uv. */
export function PullTab({
  guide,
  anonymousRead,
}: {
  guide: SetupGuide;
  anonymousRead?: boolean;
}) {
  return (
    <Box>
      {anonymousRead === false && (
        <Alert severity="info" style={{ marginBottom: 16 }}>
          This repository needs a token to read: put it in the index URL, as in{' '}
          <code>
            <BreakableText
              text={guide.indexUrl.replace(
                '://',
                '://__token__:<your API token>@',
              )}
            />
          </code>
        </Alert>
      )}
      <Typography variant="h6" gutterBottom>
        Install with pip
      </Typography>
      <CommandBlock label="pip install" text={guide.pull.pipInstall} />
      <Typography variant="h6" gutterBottom>
        Configure pip
      </Typography>
      <Typography variant="body2" paragraph>
        In <code>pip.conf</code> (<code>~/.config/pip/pip.conf</code>, or{' '}
        <code>pip.ini</code> on Windows), every <code>pip install</code> then
        uses this repository:
      </Typography>
      <CommandBlock label="pip.conf" text={guide.pull.pipConf} />
      <Typography variant="body2" paragraph>
        Or in <code>requirements.txt</code>:
      </Typography>
      <CommandBlock
        label="requirements.txt"
        text={guide.pull.requirementsTxt}
      />
      <Typography variant="h6" gutterBottom>
        uv
      </Typography>
      <CommandBlock label="pyproject.toml for uv" text={guide.pull.uvIndex} />
    </Box>
  );
}
