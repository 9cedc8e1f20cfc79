/// Losses, AdamW, datasets and the trainer.
public enum Training {}
