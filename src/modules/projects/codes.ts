// The IATI codes the project forms offer (labels are message keys `projects.code.<list>.<code>`).
// Imported records may carry other codes: they are kept as they are and shown as codes.
export const activityStatuses = ['1', '2', '3', '4', '5', '6'] as const;
export const participantRoles = ['1', '2', '3', '4'] as const;
export const budgetTypes = ['1', '2'] as const;
export const budgetStatuses = ['1', '2'] as const;
export const transactionTypes = ['1', '2', '3', '4', '11', '12', '13'] as const;
export const resultTypes = ['1', '2', '3', '9'] as const;
export const indicatorMeasures = ['1', '2', '3', '4', '5'] as const;
export const documentCategories = ['A01', 'A02', 'A04', 'A07', 'A08', 'A11', 'A12', 'B01'] as const;
export const exactnesses = ['1', '2'] as const;
/** OECD DAC regions (RegionVocabulary 1) relevant to the platform. */
export const dacRegions = ['289', '298', '380', '389', '489', '589', '619', '679', '789', '798', '998'] as const;
export const sdgGoals = Array.from({ length: 17 }, (_, i) => String(i + 1));
export const currencies = ['EUR', 'XOF', 'XAF', 'USD', 'MGA', 'HTG', 'GBP', 'CHF'] as const;

/** Label key of a code, or undefined when the code is not one of ours (then the code itself is shown). */
export function codeKey(list: string, code: string): string {
  return `projects.code.${list}.${code}`;
}

export const needKinds = ['volunteers', 'skills', 'material', 'funding'] as const;
export type NeedKind = (typeof needKinds)[number];
export const helpKinds = ['volunteer', 'skill', 'material', 'financial', 'message'] as const;
export type HelpKind = (typeof helpKinds)[number];
