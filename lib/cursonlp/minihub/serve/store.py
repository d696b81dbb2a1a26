"""What the local Hub serves: the built stand-ins (read-only) and the learner's uploads.

A repository is a list of commits, each a complete file table (path -> File), plus refs (branches
and tags pointing at commits). Stand-ins have one commit on `main` whose id is derived from their
build hash, so it is the same for every build of the same code. Uploads live apart, under
`<cache>/hub-uploads/`: one `repo.json` per repository and content-addressed blobs, written
atomically under a lock; nothing a learner pushes can change a stand-in.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml
from filelock import FileLock

from .. import cache

KINDS = ("model", "dataset", "space")
LFS_SUFFIXES = (".safetensors", ".bin", ".pt", ".pth", ".parquet", ".arrow", ".model", ".npy",
                ".npz", ".h5", ".onnx", ".msgpack", ".zip", ".gz", ".tar", ".zst", ".ckpt", ".pkl")
LFS_MIN_SIZE = 10 * 2**20
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$")
BUILT_AT = "2026-01-01T00:00:00.000Z"


class StoreError(Exception):
    """An error the client should see as the Hub's: HTTP status, X-Error-Code and message."""

    def __init__(self, status: int, message: str, code: str | None = None):
        super().__init__(message)
        self.status, self.code = status, code


def is_lfs(path: str, size: int) -> bool:
    return path.endswith(LFS_SUFFIXES) or size >= LFS_MIN_SIZE


def git_blob_id(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def lfs_pointer(sha256: str, size: int) -> bytes:
    return f"version https://git-lfs.github.com/spec/v1\noid sha256:{sha256}\nsize {size}\n".encode()


@dataclass
class File:
    size: int
    sha256: str
    oid: str    # the git blob id (of the LFS pointer, for LFS files), as the Hub reports it
    lfs: bool


@dataclass
class Commit:
    id: str
    title: str
    date: str
    author: str
    parent: str | None
    files: dict[str, File]


@dataclass
class Repo:
    kind: str
    repo_id: str
    private: bool
    commits: dict[str, Commit] = field(default_factory=dict)
    branches: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    source: Path | None = None   # the built folder of a stand-in; None for an upload

    @property
    def writable(self) -> bool:
        return self.source is None

    def commit(self, revision: str) -> Commit:
        sha = self.branches.get(revision) or self.tags.get(revision)
        if sha is None and re.fullmatch(r"[0-9a-f]{7,40}", revision):
            sha = next((c for c in self.commits if c.startswith(revision)), None)
        if sha is None:
            raise StoreError(404, f"Invalid rev id: {revision}", "RevisionNotFound")
        return self.commits[sha]

    def history(self, revision: str) -> list[Commit]:
        commit, found = self.commit(revision), []
        while commit is not None:
            found.append(commit)
            commit = self.commits.get(commit.parent) if commit.parent else None
        return found

    def card_data(self, commit: Commit) -> dict | None:
        if "README.md" not in commit.files:
            return None
        text = self.read(commit, "README.md").decode("utf-8", "replace")
        match = re.match(r"^---\n(.*?)\n---", text, flags=re.S)
        try:
            data = yaml.safe_load(match.group(1)) if match else None
        except yaml.YAMLError:
            return None
        return data if isinstance(data, dict) else None

    def blob_path(self, commit: Commit, path: str) -> Path:
        file = commit.files[path]
        return self.source / path if self.source is not None else uploads_root() / "blobs" / file.sha256

    def read(self, commit: Commit, path: str) -> bytes:
        return self.blob_path(commit, path).read_bytes()


def uploads_root() -> Path:
    return cache.cache_root().parent / "hub-uploads"


def standin_repo(hub_id: str) -> Repo:
    """The repository view of a built stand-in (metrics are `evaluate-metric/<name>` Spaces)."""
    item = cache.standin(hub_id)
    path = cache.folder(hub_id)
    files = {}
    for name, entry in cache.manifest(path)["files"].items():
        lfs = is_lfs(name, entry["size"])
        data = lfs_pointer(entry["sha256"], entry["size"]) if lfs else (path / name).read_bytes()
        files[name] = File(entry["size"], entry["sha256"], git_blob_id(data), lfs)
    sha = hashlib.sha1(f"{hub_id}\n{path.parent.name}".encode()).hexdigest()
    kind, repo_id = {"model": ("model", hub_id), "dataset": ("dataset", hub_id),
                     "metric": ("space", f"evaluate-metric/{hub_id}")}[item.kind]
    commit = Commit(sha, "Miniatura construída pelo Curso NLP", BUILT_AT, "cursonlp", None, files)
    return Repo(kind, repo_id, False, {sha: commit}, {"main": sha}, {}, source=path)


def _commit_from_json(data: dict) -> Commit:
    return Commit(**{**data, "files": {p: File(**f) for p, f in data["files"].items()}})


class Store:
    """Every repository the service answers for, looked up by (kind, repo_id)."""

    def __init__(self, standin_ids: list[str], user: str):
        self.user = user
        self.standins = {(r.kind, r.repo_id): r for r in map(standin_repo, standin_ids)}
        self.lock = threading.Lock()

    # -- reading ---------------------------------------------------------------------------
    def _upload_dir(self, kind: str, repo_id: str) -> Path:
        return uploads_root() / f"{kind}s" / repo_id

    def _load_upload(self, kind: str, repo_id: str) -> Repo | None:
        meta = self._upload_dir(kind, repo_id) / "repo.json"
        if not meta.is_file():
            return None
        data = json.loads(meta.read_text())
        return Repo(kind, repo_id, data["private"],
                    {c["id"]: _commit_from_json(c) for c in data["commits"]},
                    data["branches"], data.get("tags", {}))

    def get(self, kind: str, repo_id: str, token_ok: bool) -> Repo:
        repo = self.standins.get((kind, repo_id)) or self._load_upload(kind, repo_id)
        if repo is None or (repo.private and not token_ok):
            raise StoreError(404, f"Repository not found: {kind} {repo_id}", "RepoNotFound")
        return repo

    def all(self, kind: str, token_ok: bool) -> list[Repo]:
        repos = [r for (k, _), r in self.standins.items() if k == kind]
        folder = uploads_root() / f"{kind}s"
        for meta in sorted(folder.glob("*/*/repo.json")) if folder.is_dir() else []:
            repo = self._load_upload(kind, meta.parent.relative_to(folder).as_posix())
            if repo and (token_ok or not repo.private):
                repos.append(repo)
        return repos

    # -- writing ---------------------------------------------------------------------------
    def _save(self, repo: Repo) -> None:
        folder = self._upload_dir(repo.kind, repo.repo_id)
        folder.mkdir(parents=True, exist_ok=True)
        data = {"private": repo.private, "branches": repo.branches, "tags": repo.tags,
                "commits": [asdict(c) for c in repo.commits.values()]}
        tmp = folder / f".repo.json.{os.getpid()}.{threading.get_ident()}"
        tmp.write_text(json.dumps(data, indent=1))
        os.replace(tmp, folder / "repo.json")

    def _locked(self, kind: str, repo_id: str) -> FileLock:
        uploads_root().mkdir(parents=True, exist_ok=True)
        return FileLock(str(uploads_root() / f".{kind}--{repo_id.replace('/', '--')}.lock"))

    def _check_namespace(self, kind: str, repo_id: str) -> None:
        owner, _, name = repo_id.partition("/")
        if (kind, repo_id) in self.standins:
            raise StoreError(403, f"{repo_id} is a read-only stand-in of the local Hub; "
                                  f"push to your own namespace instead ({self.user}/<name>).")
        if owner != self.user:
            raise StoreError(403, f"You don't have the rights to create a {kind} under the namespace "
                                  f"{owner!r}: the local Hub has one user, {self.user!r}.")
        if not NAME.match(name):
            raise StoreError(400, f"Invalid repo name {name!r}: letters, digits, '-', '_' and '.' only.")

    def create(self, kind: str, repo_id: str, private: bool) -> Repo:
        self._check_namespace(kind, repo_id)
        with self.lock, self._locked(kind, repo_id):
            if self._load_upload(kind, repo_id):
                raise StoreError(409, f"You already created this {kind} repo: {repo_id}")
            files = {}
            attributes = "".join(f"*{s} filter=lfs diff=lfs merge=lfs -text\n" for s in LFS_SUFFIXES)
            files[".gitattributes"] = self.put_blob(attributes.encode())
            first = self._new_commit(None, "initial commit", files)
            repo = Repo(kind, repo_id, private, {first.id: first}, {"main": first.id})
            self._save(repo)
            return repo

    def delete(self, kind: str, repo_id: str) -> None:
        self._check_namespace(kind, repo_id)
        with self.lock, self._locked(kind, repo_id):
            meta = self._upload_dir(kind, repo_id) / "repo.json"
            if not meta.is_file():
                raise StoreError(404, f"Repository not found: {kind} {repo_id}", "RepoNotFound")
            meta.unlink()  # blobs stay: content-addressed, other repos may share them

    def put_blob(self, data: bytes, sha256: str | None = None) -> File:
        digest = hashlib.sha256(data).hexdigest()
        if sha256 is not None and digest != sha256:
            raise StoreError(400, f"content does not match its sha256 ({digest} != {sha256})")
        blobs = uploads_root() / "blobs"
        blobs.mkdir(parents=True, exist_ok=True)
        target = blobs / digest
        if not target.exists():
            tmp = blobs / f".{digest}.{os.getpid()}.{threading.get_ident()}"
            tmp.write_bytes(data)
            os.replace(tmp, target)
        return self.blob_file(digest, len(data), lfs=False)

    def blob_file(self, sha256: str, size: int, lfs: bool) -> File:
        if lfs:
            return File(size, sha256, git_blob_id(lfs_pointer(sha256, size)), True)
        return File(size, sha256, git_blob_id((uploads_root() / "blobs" / sha256).read_bytes()), False)

    def has_blob(self, sha256: str, size: int) -> bool:
        blob = uploads_root() / "blobs" / sha256
        return blob.is_file() and blob.stat().st_size == size

    def _new_commit(self, parent: str | None, title: str, files: dict[str, File]) -> Commit:
        date = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
        body = json.dumps([parent, title, date, sorted((p, f.sha256) for p, f in files.items())])
        return Commit(hashlib.sha1(body.encode()).hexdigest(), title, date, self.user, parent, files)

    def commit(self, kind: str, repo_id: str, branch: str, title: str, parent_commit: str | None,
               changes) -> Commit:
        """Apply `changes(files) -> None` (it edits a copy of the branch's file table) as one commit."""
        with self.lock, self._locked(kind, repo_id):
            repo = self.get(kind, repo_id, token_ok=True)
            if not repo.writable:
                raise StoreError(403, f"{repo_id} is a read-only stand-in of the local Hub.")
            if branch not in repo.branches:
                raise StoreError(404, f"Invalid rev id: {branch}", "RevisionNotFound")
            head = repo.commits[repo.branches[branch]]
            if parent_commit and not head.id.startswith(parent_commit):
                raise StoreError(412, f"A commit has happened since {parent_commit}: {branch} is at "
                                      f"{head.id}. Pull the latest changes and try again.")
            files = dict(head.files)
            changes(files)
            new = self._new_commit(head.id, title, files)
            repo.commits[new.id] = new
            repo.branches[branch] = new.id
            self._save(repo)
            return new

    def set_ref(self, kind: str, repo_id: str, ref: str, name: str, start: str | None,
                delete: bool = False) -> None:
        """Create (or delete) the branch or tag `name` at revision `start` (default: main)."""
        with self.lock, self._locked(kind, repo_id):
            repo = self.get(kind, repo_id, token_ok=True)
            if not repo.writable:
                raise StoreError(403, f"{repo_id} is a read-only stand-in of the local Hub.")
            refs = repo.branches if ref == "branch" else repo.tags
            if delete:
                if name not in refs or name == "main":
                    raise StoreError(404 if name not in refs else 403, f"Cannot delete {ref} {name}")
                del refs[name]
            else:
                if name in refs:
                    raise StoreError(409, f"{ref.capitalize()} {name} already exists")
                if not NAME.match(name.replace("/", "-")):
                    raise StoreError(400, f"Invalid {ref} name {name!r}")
                refs[name] = repo.commit(start or "main").id
            self._save(repo)
