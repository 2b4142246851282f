import { Box, Typography } from '@material-ui/core';
import { MarkdownContent } from '@backstage/core-components';
import { VersionDetails } from '@wheelhouse/backstage-plugin-pypi-common';

/** The format of a long description, from its Description-Content-Type (`text/markdown; variant=GFM`). */
export function descriptionFormat(
  contentType: unknown,
): 'markdown' | 'rst' | 'plain' {
  const type =
    typeof contentType === 'string'
      ? contentType.split(';')[0].trim().toLowerCase()
      : '';
  if (type === 'text/markdown') return 'markdown';
  if (type === 'text/plain') return 'plain';
  // Without a content type PyPI treats the description as reStructuredText, as the core metadata spec says.
  return 'rst';
}

/**
 * Images load only from data: URLs, never from elsewhere: a README shown in the portal must not make the viewer's
 * browser fetch what its author points at (tracking pixels, internal addresses).
 */
export function inlineImagesOnly(uri: string): string {
  return /^data:image\/(png|gif|jpe?g|webp);/i.test(uri) ? uri : '';
}

/**
 * The project description (README / long_description) of the selected version, as PyPI shows it: Markdown rendered
 * by Backstage's MarkdownContent (GitHub flavour, raw HTML left out, remote images not loaded); reStructuredText and
 * plain text as wrapped preformatted text (no maintained JavaScript renderer of reStructuredText exists).
 */
export function DescriptionTab({ details }: { details: VersionDetails }) {
  const metadata = details.coreMetadata;
  const description =
    typeof metadata.description === 'string' ? metadata.description : '';
  if (!description.trim())
    return (
      <Typography color="textSecondary">
        This version has no description (long_description / README).
      </Typography>
    );
  const format = descriptionFormat(metadata.descriptionContentType);
  return (
    <Box
      aria-label="Project description"
      role="region"
      style={{ overflowWrap: 'anywhere', maxWidth: '100%' }}
    >
      {format === 'markdown' ? (
        <MarkdownContent
          content={description}
          dialect="gfm"
          transformImageUri={inlineImagesOnly}
          linkTarget="_blank"
        />
      ) : (
        <Box
          component="pre"
          m={0}
          data-format={format}
          style={{
            whiteSpace: 'pre-wrap',
            overflowWrap: 'anywhere',
            fontSize: '0.85rem',
          }}
        >
          {description}
        </Box>
      )}
    </Box>
  );
}
