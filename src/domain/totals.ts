/** The main totals a researcher compares across departments and years (the review index chart). */
export const MAIN_TOTALS = [
  { id: 'income', label: '本年收入合计', table: 'summary', row: 'income:本年收入合计', column: 'amount' },
  { id: 'expenditure', label: '本年支出合计', table: 'summary', row: 'expenditure:本年支出合计', column: 'amount' },
] as const;
