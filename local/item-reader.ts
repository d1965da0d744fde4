// Emulates a Distributed Map's ItemReader (CSV, header on the first row), ItemSelector and ItemBatcher offline, over
// the same CSV reader the platform uses for creditor files.
import { parseCsv } from '../shared/placements/csv.ts';
import type { FileStore } from '../shared/ports.ts';

interface ReaderConfig {
  ItemReader: { Resource: string; ReaderConfig?: { InputType?: string; CSVHeaderLocation?: string }; Parameters: Record<string, unknown> };
  ItemSelector?: Record<string, unknown>;
  ItemBatcher?: { MaxItemsPerBatch?: number; BatchInput?: Record<string, unknown> };
}

export async function readItemBatches(files: FileStore, config: ReaderConfig, input: unknown): Promise<unknown[]> {
  const reader = config.ItemReader;
  if (reader.ReaderConfig?.InputType !== 'CSV' || reader.ReaderConfig.CSVHeaderLocation !== 'FIRST_ROW') {
    throw new Error('The offline ItemReader reads CSV files with the header on the first row only');
  }
  const params = applyTemplate(reader.Parameters, input, {}) as { Bucket: string; Key: string };
  const csv = parseCsv(await files.getText(params.Key));
  const items = csv.records.map((record, index) => {
    // AWS gives every header a value, empty when the row is short.
    const value = Object.fromEntries(csv.header.map((h) => [h, record.values[h] ?? '']));
    return config.ItemSelector ? applyTemplate(config.ItemSelector, input, { Index: index, Value: value }) : value;
  });
  const size = config.ItemBatcher?.MaxItemsPerBatch ?? items.length;
  if (!config.ItemBatcher) return items;
  const batchInput = config.ItemBatcher.BatchInput ? applyTemplate(config.ItemBatcher.BatchInput, input, {}) : undefined;
  const batches: unknown[] = [];
  for (let i = 0; i < items.length; i += size) {
    batches.push({ Items: items.slice(i, i + size), ...(batchInput ? { BatchInput: batchInput } : {}) });
  }
  return batches;
}

/** Evaluates a Parameters-style template: keys ending in ".$" take `$.path` from the input or `$$.Map.Item.*`. */
function applyTemplate(template: Record<string, unknown>, input: unknown, item: { Index?: number; Value?: unknown }): unknown {
  return Object.fromEntries(
    Object.entries(template).map(([key, value]) => {
      if (!key.endsWith('.$')) {
        return [key, value && typeof value === 'object' ? applyTemplate(value as Record<string, unknown>, input, item) : value];
      }
      const path = String(value);
      const resolved = path.startsWith('$$.Map.Item.')
        ? (item as Record<string, unknown>)[path.slice('$$.Map.Item.'.length)]
        : path.replace(/^\$\.?/, '').split('.').filter(Boolean).reduce<any>((node, part) => node?.[part], input);
      if (resolved === undefined) throw new Error(`Path ${path} does not point to a value`);
      return [key.slice(0, -2), resolved];
    }),
  );
}
