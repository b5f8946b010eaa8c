/** Reference, "Common information". */
export const MAX_PIPELINES = 50;
/** Reference, "Common information": system statuses count too. */
export const MAX_STATUSES_PER_PIPELINE = 100;
/** docs/kommo-api.md: batches are capped at 250 entities. */
export const MAX_BATCH = 250;
/** Reference, descriptions restrictions. */
export const MAX_DESCRIPTIONS = 3;
export const MAX_DESCRIPTION_LENGTH = 1000;
/** Not documented; see the README's assumptions. */
export const MAX_NAME_LENGTH = 255;
export const MAX_SORT = 2147483647;
