// The promotion gate: a stack (prod) may only apply a schema that another stack (staging) has
// rehearsed and applied. It fails in `check`, so `pulumi preview` already refuses, and every schema
// resource depends on it, so `pulumi up` cannot change anything first.
import type * as pulumi from "@pulumi/pulumi";
import { formatRehearsalCost, readRehearsalReport } from "../../core/branch/rehearsal-report";
import type { PromotionGateProps } from "../provider-props";
export type { PromotionGateProps };

export function promotionRefusal(props: PromotionGateProps): string | undefined {
  if (props.override) return undefined;
  if (props.appliedFingerprint !== props.fingerprint) {
    return (
      `promotion refused: stack "${props.fromStack}" has applied schema ${short(props.appliedFingerprint)}, ` +
      `this program declares ${short(props.fingerprint)}. Apply it to "${props.fromStack}" first ` +
      "(or set schemastack:promotionOverride true to override, on purpose)."
    );
  }
  if (props.rehearsedFingerprint !== props.fingerprint) {
    return (
      `promotion refused: stack "${props.fromStack}" applied schema ${short(props.fingerprint)} without a ` +
      "successful rehearsal on a branch of this database (set schemastack:promotionOverride true to override)."
    );
  }
  return undefined;
}

function short(fingerprint: string | null): string {
  return fingerprint ? fingerprint.slice(0, 12) : "(none)";
}

export const promotionGateProvider: pulumi.dynamic.ResourceProvider<PromotionGateProps, PromotionGateProps> =
  {
    async check(_olds, news) {
      const refusal = promotionRefusal(news);
      // What staging measured for this very schema, printed beside the gate in preview and up.
      if (!refusal) {
        console.log(
          `promotion gate: ${formatRehearsalCost(readRehearsalReport(news.rehearsal), news.fingerprint, news.fromStack)}`,
        );
      }
      return refusal ? { failures: [{ property: "fingerprint", reason: refusal }] } : { inputs: news };
    },
    async diff(_id, olds, news) {
      // Staging's timings are printed, not gated on: a new rehearsal alone is no change of prod's.
      const gated = (p: PromotionGateProps) => JSON.stringify({ ...p, rehearsal: null });
      return { changes: gated(olds) !== gated(news) };
    },
    async create(inputs) {
      return { id: `promotion-from-${inputs.fromStack}`, outs: inputs };
    },
    async update(_id, _olds, news) {
      return { outs: news };
    },
  };
