/** The field manager of every write PullKey makes (managedFields show who changed what). */
export const FIELD_MANAGER = 'pullkey';
