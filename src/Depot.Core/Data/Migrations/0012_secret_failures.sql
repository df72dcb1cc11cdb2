-- Failed secret checks per throttle key (account:…, address:…, link:…), shared by every node so a brute-force limit
-- holds when the guesses are spread over the nodes. A row lives while its window runs: the failure path prunes rows
-- whose last failure is older than the window, through the index on last_failure.
CREATE TABLE secret_failures (
    name TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    last_failure BIGINT NOT NULL
);

CREATE INDEX secret_failures_last_failure ON secret_failures (last_failure);
