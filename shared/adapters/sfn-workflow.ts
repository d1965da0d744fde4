// WorkflowPort on Step Functions: start one Lifecycle execution per account, and resume callback tasks.
import {
  ExecutionAlreadyExists,
  InvalidToken,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { lifecycleExecutionName } from '../accounts/account.ts';
import type { WorkflowPort } from '../ports.ts';

export class StepFunctionsWorkflow implements WorkflowPort {
  private readonly sfn: SFNClient;
  private readonly lifecycleArn: string;

  constructor(sfn: SFNClient, lifecycleArn: string) {
    this.sfn = sfn;
    this.lifecycleArn = lifecycleArn;
  }

  async startLifecycle(accountId: string): Promise<'started' | 'exists'> {
    try {
      await this.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: this.lifecycleArn,
          name: lifecycleExecutionName(accountId),
          input: JSON.stringify({ accountId }),
        }),
      );
      return 'started';
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists) return 'exists';
      throw error;
    }
  }

  async resumeTask(token: string, output: Record<string, unknown>): Promise<'resumed' | 'stale-token'> {
    try {
      await this.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) }));
      return 'resumed';
    } catch (error) {
      if (error instanceof TaskTimedOut || error instanceof InvalidToken || error instanceof TaskDoesNotExist) {
        return 'stale-token';
      }
      throw error;
    }
  }
}
