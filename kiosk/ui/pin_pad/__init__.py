"""The "ask a grown-up" PIN pad: the entry (`pad`), its pictures (`art`) and the wait (`wait`)."""
