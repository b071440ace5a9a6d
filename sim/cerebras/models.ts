// The model catalog GET /v1/models lists. The real one changes often (providers.md §4);
// gpt-oss-120b is the SDK's default and the product's choice.
export interface ModelInfo {
  id: string;
  object: "model";
  created: number;
  owned_by: string;
}

export const MODELS: ModelInfo[] = [
  { id: "gpt-oss-120b", object: "model", created: 1754006400, owned_by: "Cerebras" },
  { id: "qwen-3.8-27b", object: "model", created: 1782864000, owned_by: "Cerebras" },
  { id: "gemma-4-31b", object: "model", created: 1780272000, owned_by: "Cerebras" },
];

export const findModel = (id: string) => MODELS.find((m) => m.id === id);
