/**
 * Limits and patterns every side enforces: the registry refuses what breaks them, the portal and the actions check
 * before they send. Sized so that each fits the database columns that hold it.
 */

/** Custom metadata keys: letters, digits, `.`, `_`, `-`, starting with a letter or digit. */
export const METADATA_KEY_MAX_LENGTH = 128;
export const METADATA_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
export const METADATA_VALUE_MAX_LENGTH = 4096;
export const METADATA_MAX_ENTRIES = 100;

/** Tags: like metadata keys, shorter. */
export const TAG_MAX_LENGTH = 64;
export const TAG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Reasons for disabling, yanking or deleting. */
export const REASON_MAX_LENGTH = 1000;

export const TOKEN_NAME_MAX_LENGTH = 128;
export const TOKEN_MAX_LIFETIME_DAYS = 3650;

/** The project list (the portal's artifact list): search text and page size. */
export const SEARCH_MAX_LENGTH = 200;
export const PAGE_SIZE_DEFAULT = 20;
export const PAGE_SIZE_MAX = 200;

/** Downloads chart: days back. */
export const DOWNLOAD_DAYS_DEFAULT = 30;
export const DOWNLOAD_DAYS_MAX = 366;

/** Audit trail: events per page. */
export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 500;

/** Management API request bodies (JSON): 100 metadata entries of 4,096 characters fit. */
export const API_BODY_MAX_BYTES = 2 * 1024 * 1024;

/**
 * Upload forms (the legacy upload API): one text field (the description is the big one), every text field together,
 * and how many there may be. The distribution file itself is bounded by the registry's `maxUploadBytes`.
 */
export const UPLOAD_FIELD_MAX_BYTES = 4 * 1024 * 1024;
export const UPLOAD_FIELDS_MAX_BYTES = 8 * 1024 * 1024;
export const UPLOAD_FIELDS_MAX_COUNT = 2000;
