/**
 * Importing a results file: valid rows become points of a new, selected study; a malformed file
 * is refused with row-by-row messages.
 */
import { expect, test } from './fixtures.ts';
import { VALID_RESULTS_CSV } from './resultsFiles.ts';

test('importing a CSV adds its points and selects the study', async ({ explorer, api }) => {
  await explorer.importFile('my-results.csv', VALID_RESULTS_CSV);
  await expect(explorer.studySelect).toHaveValue(/^imported-/);
  await expect(explorer.points('top1-vs-auc')).toHaveCount(4);
  await expect(explorer.points('boost-vs-params')).toHaveCount(1);
  const state = await api.getState();
  expect(state.imported).toHaveLength(1);
  expect(state.imported[0]?.results.map((r) => r.source)).toEqual([
    'my run 1',
    'my run 2',
    'my run 3',
    'my run 4',
  ]);
});

test('a malformed CSV gets row-by-row messages and adds nothing', async ({ explorer, api }) => {
  const bad = [
    'arch,pretrained,units_removed,value,source',
    'densenet121,true,0,abc,x',
    'resnet50,maybe,0,0.8,y',
  ].join('\n');
  await explorer.importFile('bad.csv', bad);
  await expect(explorer.importErrors).toContainText(
    'bad.csv could not be read: 2 problems were found',
  );
  await expect(explorer.importErrors).toContainText('row 2');
  await expect(explorer.importErrors).toContainText('row 3');
  await expect(explorer.studySelect).toHaveValue('all-studies');
  expect((await api.getState()).imported).toEqual([]);
});

test('a file dropped on the named drop zone is imported', async ({ explorer, page, api }) => {
  const zone = page.getByRole('group', { name: 'Drop a results file (CSV or JSON) here' });
  await expect(zone).toBeVisible();
  const transfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
    return dt;
  }, VALID_RESULTS_CSV);
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
  await expect(explorer.studySelect).toHaveValue(/^imported-/);
  expect((await api.getState()).imported).toHaveLength(1);
});
