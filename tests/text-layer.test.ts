import { describe, expect, it } from 'vitest';
import { unifyIdeographs } from '../src/sources/pdf.js';

describe('text as the page maps it', () => {
  it('Kangxi radicals and compatibility ideographs some producers emit read as the ideographs they look like', () => {
    expect(unifyIdeographs('⼀般公共预算财政拨款⽀出')).toBe('一般公共预算财政拨款支出');
    expect(unifyIdeographs('（一）行政单位：１２')).toBe('（一）行政单位：１２');
  });
});
