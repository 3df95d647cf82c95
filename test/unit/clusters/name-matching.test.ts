import { editDistance, globToRegExp, suggestNames } from '../../../src/clusters/name-matching';

const FLEET = ['store-0421', 'store-0422', 'store-0423', 'store-0519', 'factory-ber-01', 'factory-ber-02', 'edge-gw', 'lab-k3s-01', 'dc-ams-prod-01'];

describe('editDistance', () => {
  test.each([
    ['', '', 0],
    ['abc', 'abc', 0],
    ['stor-0421', 'store-0421', 1],
    ['store-0412', 'store-0421', 2],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
  ])('%s -> %s = %s', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  test('with a bound it stops early and answers max + 1', () => {
    expect(editDistance('aaaaaaaa', 'bbbbbbbb', 2)).toBe(3);
    expect(editDistance('a', 'abcdefgh', 2)).toBe(3);
    expect(editDistance('store-0421', 'stor-0421', 2)).toBe(1);
  });
});

describe('suggestNames: "did you mean"', () => {
  test('a one-letter typo suggests the intended name first', () => {
    // only names about as close as the best one (store-0519 and the rest are left out)
    expect(suggestNames('stor-0421', FLEET)).toEqual(['store-0421', 'store-0422', 'store-0423']);
  });

  test('case does not matter and the fleet spelling is returned', () => {
    expect(suggestNames('STORE-0421X', ['Store-0421'])).toEqual(['Store-0421']);
  });

  test('a transposition ("0412") still suggests store-0421, ranked by edit distance', () => {
    // store-0422 is 1 edit away, store-0421 and store-0423 are 2, store-0519 is 3 (within length / 3)
    expect(suggestNames('store-0412', FLEET)).toEqual(['store-0422', 'store-0421', 'store-0423', 'store-0519']);
  });

  test('a partial name such as "0421" finds the cluster that contains it', () => {
    expect(suggestNames('0421', FLEET)).toEqual(['store-0421']);
    expect(suggestNames('factory-ber', FLEET)).toEqual(['factory-ber-01', 'factory-ber-02']);
  });

  test('fragments shorter than 3 characters do not match by containment', () => {
    expect(suggestNames('gw', FLEET)).toEqual([]);
  });

  test('nothing close gives no suggestions', () => {
    expect(suggestNames('completely-different', FLEET)).toEqual([]);
  });

  test('at most `limit` suggestions, duplicate names (several RGs) listed once', () => {
    expect(suggestNames('store-04', [...FLEET, 'store-0421'], 2)).toHaveLength(2);
    expect(suggestNames('edge-gx', ['edge-gw', 'edge-gw', 'EDGE-GW'])).toEqual(['edge-gw']);
  });
});

describe('globToRegExp', () => {
  test('* and ? are wildcards matching the whole name, case-insensitively', () => {
    const re = globToRegExp('store-*');
    expect(re.test('store-0421')).toBe(true);
    expect(re.test('STORE-0421')).toBe(true);
    expect(re.test('my-store-0421')).toBe(false);
    expect(globToRegExp('dc-???-prod-01').test('dc-ams-prod-01')).toBe(true);
    expect(globToRegExp('dc-???-prod-01').test('dc-amsx-prod-01')).toBe(false);
  });

  test('other regex characters are literal: "." matches only a dot', () => {
    expect(globToRegExp('a.b').test('a.b')).toBe(true);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
    expect(globToRegExp('(x)|y').test('y')).toBe(false);
    expect(globToRegExp('(x)|y').test('(x)|y')).toBe(true);
  });

  test('a pattern without wildcards is an exact (case-insensitive) name', () => {
    expect(globToRegExp('edge-gw').test('Edge-GW')).toBe(true);
    expect(globToRegExp('edge-gw').test('edge-gw-2')).toBe(false);
  });
});
