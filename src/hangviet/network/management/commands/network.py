"""`hangviet network …`: this node's keys, its peers, and a catalog pull on demand."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hangviet.network import identity, mirror, peers, signing
from hangviet.network.models import Peer


class Command(BaseCommand):
    help = "The provincial network: keys (show, rotate), add-peer URL, peers, suspend, sync."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        keys = sub.add_parser("keys", help="this node's signing keys")
        keys.add_argument("keys_action", choices=["show", "rotate"])
        add = sub.add_parser("add-peer", help="fetch a node's descriptor, show its key fingerprints, add it")
        add.add_argument("url", nargs="+")
        add.add_argument(
            "--yes", action="store_true", help="do not ask: the fingerprints were compared another way"
        )
        sub.add_parser("peers", help="the peers and their health")
        suspend = sub.add_parser("suspend", help="suspend a peer (or --resume it)")
        suspend.add_argument("node_id")
        suspend.add_argument("--resume", action="store_true")
        look = sub.add_parser("lookup", help="list the nodes a registry knows, with key fingerprints")
        look.add_argument("url")
        revoke = sub.add_parser("revoke-key", help="(registry) revoke a node's key network-wide")
        revoke.add_argument("node_id")
        revoke.add_argument("key_id")
        sub.add_parser(
            "recheck-keys", help="take up the key revocations of HANGVIET_NETWORK_REGISTRY_URL now"
        )
        demo = sub.add_parser("demo", help="load this province's small demo catalog (provinces 92 and 79)")
        demo.add_argument("--province", default="")
        sync = sub.add_parser("sync", help="pull the catalog of every active peer (or of one) now")
        sync.add_argument("node_id", nargs="?")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "keys":
            if options["keys_action"] == "rotate":
                key = identity.rotate()
                self.stdout.write(f"new key {key.key_id} signs from now on; the old keys stay valid 7 days")
            self._show_keys()
        elif action == "add-peer":
            for url in options["url"]:
                self._add_peer(url, options["yes"])
        elif action == "peers":
            for peer in Peer.objects.order_by("name"):
                self.stdout.write(
                    f"{peer.node_id}\t{peer.status}\t{peer.base_url}\tlast sync {peer.last_sync_at or '-'}"
                    f"\tlag {peer.lag}\terror {peer.last_error or '-'}"
                )
        elif action == "suspend":
            found = Peer.objects.filter(node_id=options["node_id"]).first()
            if found is None:
                raise CommandError(f"no peer {options['node_id']}")
            peers.set_suspended(actor=None, peer=found, suspended=not options["resume"])
            self.stdout.write(f"{found.node_id}: {found.status}")
        elif action == "lookup":
            from hangviet.network import registry

            try:
                entries = registry.lookup(options["url"])
            except registry.RegistryError as exc:
                raise CommandError(str(exc)) from exc
            for entry in entries:
                self.stdout.write(
                    f"{entry.get('subscriber_id')}\t{entry.get('subscriber_url')}\t{entry.get('city')}\t"
                    f"{entry.get('status')}\t{entry.get('ukId')}\t"
                    f"{signing.fingerprint(str(entry.get('signing_public_key', '')))}"
                )
        elif action == "revoke-key":
            from hangviet.network import registry

            if not registry.revoke_key(node_id=options["node_id"], key_id=options["key_id"]):
                raise CommandError("no such key")
            self.stdout.write(f"revoked {options['node_id']}|{options['key_id']}")
        elif action == "recheck-keys":
            from hangviet.network import registry

            try:
                revoked = registry.recheck_keys()
            except registry.RegistryError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"{revoked} peer keys revoked")
        elif action == "demo":
            from django.conf import settings

            from hangviet.network import demo as network_demo

            province = options["province"] or settings.HANGVIET_NODE_PROVINCE
            for login in network_demo.load(province):
                self.stdout.write(f"demo login: {login} / {network_demo.PASSWORD}")
        elif action == "sync":
            chosen = Peer.objects.filter(status=Peer.Status.ACTIVE)
            if options["node_id"]:
                chosen = chosen.filter(node_id=options["node_id"])
            for peer in chosen:
                result = mirror.sync_peer(peer)
                peer.refresh_from_db()
                self.stdout.write(
                    f"{peer.node_id}: {result.items} items, {result.deleted} removed, "
                    f"{'complete' if result.complete else 'incomplete'}"
                    + (f", error: {peer.last_error}" if peer.last_error_at and not result.complete else "")
                )

    def _show_keys(self) -> None:
        self.stdout.write(f"node {identity.node_id()} at {identity.node_url()}")
        for key in identity.node_keys():
            self.stdout.write(
                f"{key.key_id}\tvalid {key.valid_from:%Y-%m-%d} → {key.valid_until:%Y-%m-%d}\t"
                f"{signing.fingerprint(key.public_key_b64)}"
            )

    def _add_peer(self, url: str, yes: bool) -> None:
        try:
            descriptor = peers.preview(url)
        except peers.PeerError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{descriptor.name} ({descriptor.node_id}), province {descriptor.province_code}")
        for key in descriptor.keys:
            self.stdout.write(f"  key {key.key_id}: {key.fingerprint}")
        if not yes:
            answer = input("Do these fingerprints match what the other province gave you? [y/N] ")
            if answer.strip().lower() not in {"y", "yes", "c", "có"}:
                raise CommandError("not added")
        try:
            peer = peers.add_peer(actor=None, url=url, fingerprints=descriptor.fingerprints)
        except peers.PeerError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"added {peer.node_id}")
