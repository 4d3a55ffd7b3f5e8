"""Persistence: object stores (local folder, S3/MinIO), the metadata database and its search
index, and digital files. Imports stages' types from ``domain``, never the shell."""
