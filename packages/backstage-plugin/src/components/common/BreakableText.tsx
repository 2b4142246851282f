import { Fragment } from 'react';

/**
 * Text that may wrap only at sensible points: after the separators of file names and URLs (`-`, `_`, `.`, `/`, `?`,
 * `&`, `=`), or every `group` characters of a run without them (hashes), never in the middle of a word otherwise.
 */
export function BreakableText({
  text,
  group,
}: {
  text: string;
  group?: number;
}) {
  const pieces = group
    ? (text.match(new RegExp(`.{1,${group}}`, 'g')) ?? [])
    : text.split(/(?<=[-_./?&=])/);
  return (
    <>
      {pieces.map((piece, index) => (
        <Fragment key={index}>
          {index > 0 && <wbr />}
          {piece}
        </Fragment>
      ))}
    </>
  );
}
