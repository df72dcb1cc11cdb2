-- PostgreSQL only: a node's owner key is back (0029 dropped it). A write that read its user's row before the user's
-- deletion committed, and the root after it, inserted a fresh root for the deleted user: a node no account can reach
-- (WriteContractTests.Deleting_a_user_on_one_node_while_the_other_uploads_into_their_tree_leaves_nothing_of_theirs).
-- The key makes any such insert fail instead of leaving the node behind. Its check cost a 4 KiB upload about 5 µs.
ALTER TABLE nodes ADD CONSTRAINT nodes_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES users(id) ON DELETE CASCADE;
