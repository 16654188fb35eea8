"""``haven audit verify``: walk the hash chains of the access log and the audit trail.

Prints one line per chain: ``access log: N entries, chain whole (last #ID hash …)`` or
the first broken link (the entry, and what is wrong: its hash does not match its
fields, or its previous_hash does not match the entry before it — changed, inserted or
removed entries, with a gap in the ids when entries were removed). Exit code 1 when a
chain is broken.

The chain alone cannot show that entries were cut off at the end: keep the printed last
id and hash somewhere else (a ticket, a daily mail) and compare; on PostgreSQL the
application's role cannot delete entries at all (``haven db_roles``).
"""

from django.core.management.base import BaseCommand, CommandError

from haven.core.chain import CHAINS, verify


class Command(BaseCommand):
    help = "Check the hash chains of the access log and the audit trail (audit verify)."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True, title="subcommands")
        check = subcommands.add_parser("verify", help="Walk both chains and name the first broken link.")
        check.add_argument("--chunk-size", type=int, default=2000, help="Rows fetched at a time.")

    def handle(self, *args, subcommand, chunk_size=2000, **options):
        broken = False
        for chain in CHAINS:
            verdict = verify(chain, chunk_size=chunk_size)
            if verdict.broken is None:
                head = f" (last #{verdict.last_id}, hash {verdict.last_hash})" if verdict.last_id else ""
                self.stdout.write(f"{chain.name}: {verdict.count} entries, chain whole{head}")
            else:
                broken = True
                self.stdout.write(
                    f"{chain.name}: BROKEN at {chain.model._meta.db_table} entry #{verdict.broken.entry_id}: "
                    f"{verdict.broken.problem}"
                )
        if broken:
            raise CommandError("A chain is broken.", returncode=1)
