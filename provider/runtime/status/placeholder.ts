/**
 * Kommo refuses a pipeline created without a regular stage (amocrm-api-php PR #79, tested against the live API), so
 * a Pipeline whose stages are left to Status resources is created with this one. The first Status resource created
 * in the pipeline takes it over (renames it), so once the program's statuses exist nothing is left of it.
 */
export const PLACEHOLDER_STAGE = "New stage (managed by Pulumi)";
