"""sentence-transformers' own fine-tune of all-MiniLM-L6-v2 on STS-B, the reference for exp-sts-finetune.

Same hyper-parameters as `swift run -c release exp-sts-finetune` (defaults): CosineSimilarityLoss,
batch 16, 4 epochs, lr 2e-5, linear warm-up over 10 % of the steps, AdamW (weight decay 0.01),
max grad norm 1.0, seed 42, max_seq_length 256; data from datasets/stsb/{train,test}.jsonl
(scores scaled to [0, 1]). Prints one JSON line: test Spearman (cosine) before and after.

Run from the repository root (needs the peer venv plus datasets/accelerate, which this script's
companion bench/reference/run_sts_reference.sh installs):
    bash bench/reference/run_sts_reference.sh
"""
import json
import os
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
root = os.getcwd()
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != root]  # our datasets/ folder must not shadow the package

import torch
from datasets import Dataset
from sentence_transformers import SentenceTransformer, SentenceTransformerTrainer, SentenceTransformerTrainingArguments
from sentence_transformers.evaluation import EmbeddingSimilarityEvaluator
from sentence_transformers.losses import CosineSimilarityLoss


def load(split):
    rows = [json.loads(l) for l in open(os.path.join(root, "datasets/stsb", f"{split}.jsonl"), encoding="utf-8")]
    return {"sentence1": [r["sentence1"] for r in rows], "sentence2": [r["sentence2"] for r in rows],
            "score": [float(r["score"]) for r in rows]}


def main():
    torch.set_num_threads(int(os.environ.get("THREADS", "2")))
    model_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "models/all-MiniLM-L6-v2")
    out_dir = sys.argv[2] if len(sys.argv) > 2 else "/tmp/st-sts-finetune"
    model = SentenceTransformer(model_dir, device="cpu")
    train, test = load("train"), load("test")
    evaluator = EmbeddingSimilarityEvaluator(test["sentence1"], test["sentence2"], test["score"], name="stsb-test")
    before = evaluator(model)["stsb-test_spearman_cosine"]
    args = SentenceTransformerTrainingArguments(
        output_dir=out_dir, num_train_epochs=4, per_device_train_batch_size=16, learning_rate=2e-5,
        warmup_ratio=0.1, weight_decay=0.01, max_grad_norm=1.0, seed=42, save_strategy="no", logging_steps=100,
        report_to=[], use_cpu=True, dataloader_drop_last=False,
    )
    trainer = SentenceTransformerTrainer(model=model, args=args, train_dataset=Dataset.from_dict(train),
                                         loss=CosineSimilarityLoss(model))
    t0 = time.time()
    trainer.train()
    seconds = time.time() - t0
    after = evaluator(model)["stsb-test_spearman_cosine"]
    print(json.dumps({"reference": "sentence-transformers", "stsb_test_spearman_before": round(100 * before, 2),
                      "stsb_test_spearman_after": round(100 * after, 2), "train_seconds": round(seconds, 1),
                      "steps": trainer.state.global_step}))


if __name__ == "__main__":
    main()
