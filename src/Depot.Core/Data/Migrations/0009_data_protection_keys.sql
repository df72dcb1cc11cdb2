-- ASP.NET Core data-protection keys (they sign antiforgery tokens), kept with the metadata instead of in the home
-- folder: a backup of the data folder then carries them, and several nodes share one key ring.
CREATE TABLE data_protection_keys (
    name TEXT PRIMARY KEY,
    xml TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
