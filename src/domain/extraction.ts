/**
 * Validation that knows what it does not know, as data: an identity that takes a number the reader did not get
 * is not the document's error. These rules replace the identity's own rule in such an issue, as a warning that
 * names the gap (table, row, column, page, the amounts printed there that no fact carries).
 */
export interface ExtractionRule {
  id: string;
  /** what the reader missed, in plain Chinese (the start of the message) */
  title: string;
}

export const EXTRACTION_RULES = {
  /** a cell the identity takes is blank in the facts while its table prints amounts no fact carries */
  blank: { id: 'extraction.blank', title: '读取缺口：等式所需的单元格未读出数字，而该表尚有未读出的金额' },
  /** a whole side (two-sided tables) or column of the table gave no fact, or the table has no such column */
  side: { id: 'extraction.side', title: '读取缺口：等式所需的一侧或一列整体未读出' },
  /** the table gave no row of that name or code at all (every table prints its 合计; a class row both tables print) */
  row: { id: 'extraction.row', title: '读取缺口：等式所需的行未读出' },
  /** every number taken was read, but the side that falls short is in a table whose unread amounts could close the gap */
  unread: { id: 'extraction.unread', title: '读取缺口：等式的各数均已读出，但表中未读出的金额足以解释差额' },
} as const satisfies Record<string, ExtractionRule>;

/** Rule families whose broken identities are checked for a reader's gap before they are charged to the document. */
export const GAP_FAMILIES = ['table', 'cross'] as const;

/** How many of the table's unread amounts an issue lists. */
export const GAP_LIST = 5;
