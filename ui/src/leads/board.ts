// The pipeline board's keyboard moves: ← and → take a card to the stage before or after
// its own, in the board's order; a lead with no known stage enters at the first.
import type { PipelineStage } from "../lib/bindings";
import { PIPELINE_STAGES } from "../lib/filters";

export function moveTarget(stage: PipelineStage | null, key: string): PipelineStage | null {
  const step = key === "ArrowRight" ? 1 : key === "ArrowLeft" ? -1 : 0;
  if (step === 0) {
    return null;
  }
  const at = stage ? PIPELINE_STAGES.indexOf(stage) : -1;
  return PIPELINE_STAGES[at + step] ?? null;
}
