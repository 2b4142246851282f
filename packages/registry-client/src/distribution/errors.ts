/**
 * A distribution (wheel or sdist) that breaks a packaging rule: something its uploader must fix. The registry
 * answers it with a 400; the actions report it before anything is uploaded.
 */
export class InvalidDistributionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidDistributionError';
  }
}
