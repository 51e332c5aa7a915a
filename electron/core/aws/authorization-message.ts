/**
 * Explains an UnauthorizedOperation: AWS hides the denied action and resource in an encoded message that only STS
 * DecodeAuthorizationMessage (itself a permission, sts:DecodeAuthorizationMessage) can read.
 */
import { DecodeAuthorizationMessageCommand, type STSClient } from '@aws-sdk/client-sts';
import type { KilnError } from '../../common/result';
import { awsErrorCode, encodedAuthorizationMessage, toKilnError } from './errors';

/** What a decoded authorization message says was denied. */
export interface DeniedRequest {
  action: string;
  resource?: string;
  explicitDeny: boolean;
}

/** Reads the decoded JSON document; undefined when it is not the shape AWS documents. */
export function parseDecodedMessage(text: string): DeniedRequest | undefined {
  try {
    const doc = JSON.parse(text) as { explicitDeny?: unknown; context?: { action?: unknown; resource?: unknown } };
    if (typeof doc.context?.action !== 'string') return undefined;
    return {
      action: doc.context.action,
      resource: typeof doc.context.resource === 'string' ? doc.context.resource : undefined,
      explicitDeny: doc.explicitDeny === true,
    };
  } catch {
    return undefined;
  }
}

/** The error for a denied request, naming the action and resource when AWS said which. */
export function deniedError(
  operation: string,
  denied: DeniedRequest | undefined,
  undecoded?: { refused: boolean; detail: string },
): KilnError {
  if (denied) {
    const target = denied.resource ? `${denied.action} on ${denied.resource}` : denied.action;
    return {
      code: 'UnauthorizedOperation',
      message: `This identity may not ${operation}: it lacks ${target}${denied.explicitDeny ? ' (an explicit Deny in a policy)' : ''}.`,
      remedy: denied.explicitDeny
        ? `Ask an administrator to lift the Deny of ${denied.action} for this identity, or use another profile.`
        : `Ask an administrator to allow ${target} for this identity, or use another profile.`,
    };
  }
  return {
    code: 'UnauthorizedOperation',
    message: `This identity may not ${operation} (ec2:${operation}).${
      undecoded
        ? ` AWS encoded the details, and ${undecoded.refused ? 'decoding them was refused' : 'the decoded message named no action'}: ${undecoded.detail}`
        : ''
    }`,
    remedy: `Ask an administrator to allow ec2:${operation}${undecoded?.refused ? ' (and sts:DecodeAuthorizationMessage, so Kiln can name the resource next time)' : ''}, or use another profile.`,
  };
}

/**
 * Turns a denied AWS call into a KilnError: decoded (action and resource named) when the message carries an
 * encoded part and STS may decode it, else the raw operation with the reason decoding did not happen.
 */
export async function explainDenied(
  sts: Pick<STSClient, 'send'>,
  error: unknown,
  operation: string,
  context: { action: string; endpoint?: string },
): Promise<KilnError> {
  const code = awsErrorCode(error);
  if (code !== 'UnauthorizedOperation' && code !== 'AccessDenied') return toKilnError(error, context);
  const encoded = encodedAuthorizationMessage(error);
  if (!encoded) {
    const raw = error instanceof Error ? error.message : String(error);
    return {
      code: 'UnauthorizedOperation',
      message: `This identity may not ${operation} (ec2:${operation}). AWS said: ${raw}`,
      remedy: `Ask an administrator to allow ec2:${operation} for this identity, or use another profile.`,
    };
  }
  try {
    const out = await sts.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded }));
    const denied = out.DecodedMessage ? parseDecodedMessage(out.DecodedMessage) : undefined;
    return deniedError(
      operation,
      denied,
      denied ? undefined : { refused: false, detail: (out.DecodedMessage ?? '(empty)').slice(0, 300) },
    );
  } catch (decodeError) {
    const reason =
      decodeError instanceof Error
        ? `${awsErrorCode(decodeError) ?? 'error'}: ${decodeError.message}`
        : String(decodeError);
    return deniedError(operation, undefined, { refused: true, detail: reason });
  }
}
