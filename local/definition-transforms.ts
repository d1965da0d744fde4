// Definition transforms that let the real synthesized definitions run in aws-local-stepfunctions, each bridging one
// documented difference from AWS. They are pure functions of the definition and are tested on their own.
type States = Record<string, any>;
export type Definition = { StartAt: string; States: States; [k: string]: unknown };

/**
 * AWS resolves TimeoutSecondsPath against the state input; aws-local-stepfunctions resolves it against the effective
 * input (after Parameters). Mirroring the path into Parameters makes both readings give the same number. The mirror
 * key never reaches the Lambda: the offline runtime passes only `Payload` on.
 */
export function bridgeTimeoutSecondsPath(definition: Definition): Definition {
  return mapStates(definition, (state) => {
    if (state.Type !== 'Task' || typeof state.TimeoutSecondsPath !== 'string' || !state.Parameters) return state;
    const path: string = state.TimeoutSecondsPath;
    const segments = path.replace(/^\$\./, '').split('.');
    const mirror = segments.reduceRight<Record<string, unknown>>(
      (inner, segment, i) => (i === segments.length - 1 ? { [`${segment}.$`]: path } : { [segment]: inner }),
      {},
    );
    const [top] = Object.keys(mirror);
    if (top && (top in state.Parameters || `${top}.$` in state.Parameters)) {
      throw new Error(`Cannot mirror ${path}: Parameters already has "${top}"`);
    }
    return { ...state, Parameters: { ...state.Parameters, ...mirror } };
  });
}

/**
 * AWS spreads retries with random jitter (JitterStrategy FULL); aws-local-stepfunctions draws it from Math.random, so
 * a run with retries would not replay. Offline, retries back off exponentially without jitter.
 */
export function withoutRetryJitter(definition: Definition): Definition {
  return mapStates(definition, (state) => {
    if (!Array.isArray(state.Retry)) return state;
    return { ...state, Retry: state.Retry.map(({ JitterStrategy: _, ...retrier }: Record<string, unknown>) => retrier) };
  });
}

export const ITEM_READER_SUFFIX = '.ReadItems';
export const BATCHES_PATH = '$.__tactfulBatches';
export const RESULT_WRITER_SUFFIX = '.WriteResults';
export const RESULTS_PATH = '$.__tactfulResults';
/** Where a batch that failed after its retries keeps its error, so that the Map goes on (ToleratedFailure*). */
export const BATCH_FAILED_KEY = '__tactfulBatchFailed';

/**
 * A Distributed Map's ItemReader and ItemBatcher do not run offline. Each such Map becomes a Task that reads and
 * batches the items (the runtime overrides it, reusing the Map's own ItemReader/ItemSelector/ItemBatcher settings)
 * followed by an inline Map over the batches.
 */
export interface EmulatedMaps {
  definition: Definition;
  /** The reader tasks, by state name, with the Map settings they emulate. */
  readers: Record<string, any>;
  /** The result writer tasks, by state name, with the Map's ResultWriter and tolerated failures. */
  writers: Record<string, any>;
  /**
   * States that run inside a Map Run in AWS (the readers and the item processors' states). Their events are not in
   * the parent execution's history there, and Express child workflows keep none, so the offline history omits them.
   */
  mapRunStates: string[];
}

export function emulateDistributedMaps(definition: Definition): EmulatedMaps {
  const readers: Record<string, any> = {};
  const writers: Record<string, any> = {};
  const mapRunStates: string[] = [];
  const renamed = new Map<string, string>();
  const states: States = {};
  for (const [name, state] of Object.entries(definition.States)) {
    if (state.Type !== 'Map' || !state.ItemReader) {
      states[name] = state;
      continue;
    }
    const readerName = `${name}${ITEM_READER_SUFFIX}`;
    renamed.set(name, readerName);
    readers[readerName] = { ItemReader: state.ItemReader, ItemSelector: state.ItemSelector, ItemBatcher: state.ItemBatcher };
    states[readerName] = {
      Type: 'Task',
      Resource: 'arn:aws:states:::tactful-local:read-items',
      ResultPath: BATCHES_PATH,
      TimeoutSeconds: 300,
      Next: name,
      ...(state.Catch ? { Catch: state.Catch } : {}),
    };
    const { ItemReader, ItemBatcher, ItemSelector, ResultWriter, Label, ToleratedFailurePercentage, ToleratedFailureCount, ...inline } = state;
    const { ProcessorConfig, ...processor } = state.ItemProcessor;
    states[name] = { ...inline, ItemsPath: BATCHES_PATH, ItemProcessor: processor };
    mapRunStates.push(readerName, ...Object.keys(processor.States));
    if (!ResultWriter) continue;
    // With a ResultWriter, a writer task follows the Map: it fails the run past the tolerated failures, as the Map Run
    // would, writes the results and manifest to S3 and leaves { MapRunArn, ResultWriterDetails } where the Map's
    // results would be. The processor catches a failed batch so that the Map goes on to the writer.
    const writerName = `${name}${RESULT_WRITER_SUFFIX}`;
    writers[writerName] = { ResultWriter, ToleratedFailurePercentage, ToleratedFailureCount };
    const { Next, End, ResultPath, ...mapState } = states[name];
    states[name] = { ...mapState, ItemProcessor: catchingFailedBatches(processor), ResultPath: RESULTS_PATH, Next: writerName };
    mapRunStates.push(`${BATCH_FAILED_KEY}.End`);
    states[writerName] = {
      Type: 'Task',
      Resource: 'arn:aws:states:::tactful-local:write-results',
      ...(ResultPath !== undefined ? { ResultPath } : {}),
      TimeoutSeconds: 300,
      ...(Next ? { Next } : { End: true }),
      ...(state.Catch ? { Catch: state.Catch } : {}),
    };
  }
  // Whatever led into a Map now leads into its reader.
  const to = (target: string | undefined): string | undefined => (target && renamed.get(target)) ?? target;
  for (const [name, state] of Object.entries(states)) {
    if (name.endsWith(ITEM_READER_SUFFIX) || name.endsWith(RESULT_WRITER_SUFFIX)) continue;
    if (state.Next) state.Next = to(state.Next);
    if (state.Default) state.Default = to(state.Default);
    for (const c of [...(state.Choices ?? []), ...(state.Catch ?? [])]) c.Next = to(c.Next);
  }
  return { definition: { ...definition, StartAt: to(definition.StartAt)!, States: states }, readers, writers, mapRunStates };
}

/** Every task of the processor catches what its own retries did not cure: the batch ends as failed, with its error. */
function catchingFailedBatches(processor: Definition): Definition {
  const failed = `${BATCH_FAILED_KEY}.End`;
  const states = Object.fromEntries(
    Object.entries(processor.States).map(([name, state]) => [
      name,
      state.Type === 'Task'
        ? { ...state, Catch: [...(state.Catch ?? []), { ErrorEquals: ['States.ALL'], ResultPath: `$.${BATCH_FAILED_KEY}`, Next: failed }] }
        : state,
    ]),
  );
  return { ...processor, States: { ...states, [failed]: { Type: 'Pass', End: true } } };
}

/** Applies `fn` to every state, including those inside Map and Parallel states. */
export function mapStates(definition: Definition, fn: (state: any, name: string) => any): Definition {
  const states = Object.fromEntries(
    Object.entries(definition.States).map(([name, state]) => {
      let next = { ...state };
      if (next.ItemProcessor) next.ItemProcessor = mapStates(next.ItemProcessor, fn);
      if (next.Iterator) next.Iterator = mapStates(next.Iterator, fn);
      if (next.Branches) next.Branches = next.Branches.map((b: Definition) => mapStates(b, fn));
      next = fn(next, name);
      return [name, next];
    }),
  );
  return { ...definition, States: states };
}

/** Every Task state, with the name the executor knows it by, including those inside Map item processors. */
export function taskStates(definition: Definition): Array<[string, any]> {
  const found: Array<[string, any]> = [];
  mapStates(definition, (state, name) => {
    if (state.Type === 'Task') found.push([name, state]);
    return state;
  });
  return found;
}
