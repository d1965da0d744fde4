// asl-validator ships no types: the part of its API the static checks use.
declare module 'asl-validator' {
  interface ValidationOptions {
    /** Checks the syntax of InputPath, OutputPath, ResultPath and the paths in payload templates. */
    checkPaths: boolean;
    /** Checks that every Task's Resource is an ARN. */
    checkArn: boolean;
  }
  interface ValidationError {
    'Error code': string;
    Message: string;
    path?: string;
  }
  interface ValidationResult {
    isValid: boolean;
    errors: ValidationError[];
    errorsText(separator?: string): string;
  }
  /** Validates an ASL definition. It sets a missing QueryLanguage on every state: pass a copy. */
  export default function validateAsl(definition: unknown, options?: ValidationOptions): ValidationResult;
}
