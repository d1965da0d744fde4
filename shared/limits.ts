// Every bound on what comes in from outside, in one place. Each limit has its own error, which says which limit was
// passed and never echoes the input (README "Limits" lists them). infra/config.ts hands the file sizes to the
// functions as environment settings, so tests can lower them.

/** Placement files larger than this are refused whole; the check streams the file and stops the download there. */
export const MAX_PLACEMENT_FILE_BYTES = 200 * 1024 * 1024;

/** Data rows per placement file: past this the file is refused whole, and the creditor splits it. */
export const MAX_PLACEMENT_ROWS = 1_000_000;

/** Columns of a placement file: the 14 Tactful reads and the creditor's own, which become attributes. */
export const MAX_PLACEMENT_COLUMNS = 50;

/** Characters of a column name. */
export const MAX_HEADER_CHARS = 64;

/**
 * Characters of one cell. A longer cell rejects only its row. With the column bounds above a row stays under 60 KiB,
 * so a batch of rows fits Step Functions' 256 KiB payload (workflows/ingest.ts) and an account fits a 400 KB item.
 */
export const MAX_CELL_CHARS = 1_000;

/**
 * Rows of one file with an over-long cell: CheckFile hands their lines to every Map batch (within the 256 KiB payload,
 * beside the repeats), so past this the file is refused whole.
 */
export const MAX_OVERLONG_ROWS = 500;

/** An instruction row is a few dozen bytes: 5 MiB is about 100,000 rows, and a larger file is not an instruction file. */
export const MAX_INSTRUCTION_FILE_BYTES = 5 * 1024 * 1024;

/** Profile files larger than this are refused: the versions in force and kept are table items (400 KB at most). */
export const MAX_PROFILE_FILE_BYTES = 256 * 1024;

/** Raw inbound mail (MIME, attachments included) past this is not parsed: it is logged as oversized and kept in S3. */
export const MAX_RAW_MAIL_BYTES = 10 * 1024 * 1024;
