import { describe, expect, it } from 'vitest';
import { bridgeTimeoutSecondsPath, emulateDistributedMaps, BATCHES_PATH } from '../../local/definition-transforms.ts';
import { matchesEventPattern, s3ObjectCreatedEvent } from '../../local/event-sources.ts';
import { resolveIntrinsics } from '../../local/intrinsics.ts';

describe('bridgeTimeoutSecondsPath', () => {
  it('mirrors the timeout path into Parameters so both readings find the same number', () => {
    const definition = {
      StartAt: 'Wait',
      States: {
        Wait: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: { FunctionName: 'f', Payload: { 'token.$': '$$.Task.Token' } },
          TimeoutSecondsPath: '$.plan.waitSeconds',
          End: true,
        },
      },
    };
    const bridged = bridgeTimeoutSecondsPath(definition).States.Wait;
    expect(bridged.Parameters).toEqual({
      FunctionName: 'f',
      Payload: { 'token.$': '$$.Task.Token' },
      plan: { 'waitSeconds.$': '$.plan.waitSeconds' },
    });
    expect(definition.States.Wait.Parameters).not.toHaveProperty('plan');
  });

  it('refuses to overwrite a parameter of the same name', () => {
    const definition = {
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: 'r', Parameters: { plan: 1 }, TimeoutSecondsPath: '$.plan.x', End: true } },
    };
    expect(() => bridgeTimeoutSecondsPath(definition)).toThrow(/already has "plan"/);
  });
});

describe('emulateDistributedMaps', () => {
  it('puts a reader task in front of the Map and makes the Map inline over the batches', () => {
    const definition = {
      StartAt: 'Read',
      States: {
        Read: {
          Type: 'Map',
          ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' }, Parameters: {} },
          ItemBatcher: { MaxItemsPerBatch: 2 },
          ItemSelector: { 'row.$': '$$.Map.Item.Value' },
          ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'B', States: { B: { Type: 'Pass', End: true } } },
          ResultPath: '$.batches',
          Next: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    };
    const { definition: out, readers, mapRunStates } = emulateDistributedMaps(definition);
    expect(out.StartAt).toBe('Read.ReadItems');
    expect(out.States['Read.ReadItems']).toMatchObject({ Type: 'Task', ResultPath: BATCHES_PATH, Next: 'Read' });
    expect(out.States.Read).not.toHaveProperty('ItemReader');
    expect(out.States.Read.ItemsPath).toBe(BATCHES_PATH);
    expect(out.States.Read.ItemProcessor).not.toHaveProperty('ProcessorConfig');
    expect(readers['Read.ReadItems'].ItemBatcher).toEqual({ MaxItemsPerBatch: 2 });
    expect(mapRunStates).toEqual(['Read.ReadItems', 'B']);
  });
});

describe('EventBridge patterns', () => {
  const pattern = {
    source: ['aws.s3'],
    'detail-type': ['Object Created'],
    detail: { bucket: { name: ['data'] }, object: { key: [{ wildcard: 'creditors/*/inbox/placements/*.csv' }] } },
  };
  it('matches placement files and nothing else', () => {
    const at = new Date('2026-03-02T15:00:00Z');
    expect(matchesEventPattern(pattern, s3ObjectCreatedEvent('data', 'creditors/acme/inbox/placements/a.csv', 1, at))).toBe(true);
    expect(matchesEventPattern(pattern, s3ObjectCreatedEvent('data', 'creditors/acme/outbox/placements/a.csv', 1, at))).toBe(false);
    expect(matchesEventPattern(pattern, s3ObjectCreatedEvent('other', 'creditors/acme/inbox/placements/a.csv', 1, at))).toBe(false);
    expect(matchesEventPattern(pattern, s3ObjectCreatedEvent('data', 'creditors/acme/inbox/placements/a.json', 1, at))).toBe(false);
  });
});

describe('resolveIntrinsics', () => {
  it('resolves Ref, GetAtt, Join and Sub', () => {
    const resolver = { ref: (id: string) => `ref:${id}`, getAtt: (id: string, a: string) => `${id}.${a}` };
    expect(
      resolveIntrinsics(
        { a: { 'Fn::Join': ['', ['x-', { Ref: 'B' }, '-', { 'Fn::GetAtt': ['C', 'Arn'] }]] }, b: { 'Fn::Sub': '${AWS::Region}/${D}' } },
        resolver,
      ),
    ).toEqual({ a: 'x-ref:B-C.Arn', b: 'us-east-1/ref:D' });
  });
});
