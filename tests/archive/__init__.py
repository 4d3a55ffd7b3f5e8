"""Archive safety (issue 21): fixity, write-once originals, backup and restore, PDF/A, watch folders."""
