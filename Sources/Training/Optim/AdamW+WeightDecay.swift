extension AdamW {
    /// Whether a parameter of this name gets weight decay, by transformers' `Trainer.get_decay_parameter_names`.
    ///
    /// transformers excludes the parameters of `nn.LayerNorm` modules and every parameter whose lower-cased
    /// dotted name matches one of `bias`, `layernorm`, `rmsnorm`, `(?:^|\.)norm(?:$|\.)`, `_norm(?:$|\.)`.
    /// Only names are known here, so the module-type rule is covered by the names: in BERT-family checkpoints
    /// every LayerNorm module is called `LayerNorm` (or `*layernorm`, `*_norm`, `norm`). A LayerNorm module
    /// with another name (GPT-2's `ln_f`) would be decayed here but not by transformers.
    public static func decaysWeight(_ name: String) -> Bool {
        let lower = name.lowercased()
        if lower.contains("bias") || lower.contains("layernorm") || lower.contains("rmsnorm") { return false }
        let parts = lower.split(separator: ".", omittingEmptySubsequences: false)
        // (?:^|\.)norm(?:$|\.) : a whole dotted component "norm"
        if parts.contains("norm") { return false }
        // _norm(?:$|\.) : a component ending in "_norm"
        if parts.contains(where: { $0.hasSuffix("_norm") }) { return false }
        return true
    }
}
