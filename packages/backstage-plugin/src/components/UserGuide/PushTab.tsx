import { Box, Button, Typography } from '@material-ui/core';
import VpnKeyIcon from '@material-ui/icons/VpnKey';
import { SetupGuide } from '@wheelhouse/backstage-plugin-pypi-common';
import { CommandBlock } from './CommandBlock';

/** Builds with the system's setuptools, whose metadata old twine reads (test/twine-metadata.test.ts runs it). */
const OLD_TWINE_BUILD = 'python3 -m build --no-isolation';

/** Push: ~/.pypirc credentials, then twine with the configuration file or with parameters. */
export function PushTab({
  guide,
  onCreateToken,
}: {
  guide: SetupGuide;
  onCreateToken?: () => void;
}) {
  return (
    <Box>
      <Typography variant="h6" gutterBottom>
        Set push credentials
      </Typography>
      <Typography variant="body2" paragraph>
        Add this repository to <code>~/.pypirc</code>: the{' '}
        <code>[distutils]</code> section names it, and its own section holds the
        URL, your user name and, as the password, a personal token.
      </Typography>
      <CommandBlock label="~/.pypirc" text={guide.push.pypirc} />
      {onCreateToken && (
        <Box mb={3}>
          <Button
            variant="contained"
            color="primary"
            startIcon={<VpnKeyIcon />}
            onClick={onCreateToken}
          >
            Create personal token
          </Button>
        </Box>
      )}
      <Typography variant="h6" gutterBottom>
        Push with twine
      </Typography>
      <Typography variant="body2" paragraph>
        With the configuration file above:
      </Typography>
      <CommandBlock
        label="twine upload with ~/.pypirc"
        text={guide.push.twineWithConfig}
      />
      <Typography variant="body2" paragraph>
        Or with the URL and credentials as parameters (
        <code>--repository-url</code>, <code>-u</code>, <code>-p</code>):
      </Typography>
      <CommandBlock
        label="twine upload with parameters"
        text={guide.push.twineInline}
      />
      <Typography variant="h6" gutterBottom>
        twine says &quot;missing required fields: Name, Version&quot;?
      </Typography>
      <Typography variant="body2" paragraph>
        twine before 6.1 (Debian 12 ships 4.0.2) cannot read Metadata-Version
        2.4, which current setuptools writes when <code>python3 -m build</code>{' '}
        fetches it into an isolated environment. Upgrade twine (
        <code>pip install --upgrade twine</code>) or build with the
        system&apos;s setuptools (
        <code>apt install python3-setuptools python3-wheel</code>):
      </Typography>
      <CommandBlock label="build without isolation" text={OLD_TWINE_BUILD} />
      <Typography variant="h6" gutterBottom>
        Other tools
      </Typography>
      <CommandBlock label="uv publish" text={guide.push.uvPublish} />
      <CommandBlock label="poetry" text={guide.push.poetry} />
    </Box>
  );
}
