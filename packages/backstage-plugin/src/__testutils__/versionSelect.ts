import { fireEvent, screen } from '@testing-library/react';

/** The version the switcher shows (an MUI select: a button labelled Version). */
export const shownVersion = () =>
  document.getElementById('pypi-version')?.textContent?.trim();

/** Opens the version switcher and picks a version, as a click would. */
export async function chooseVersion(version: string): Promise<void> {
  fireEvent.mouseDown(document.getElementById('pypi-version')!);
  const escaped = version.replace(/[.+]/g, '\\$&');
  fireEvent.click(
    await screen.findByRole('option', { name: new RegExp(`^${escaped}\\b`) }),
  );
}
