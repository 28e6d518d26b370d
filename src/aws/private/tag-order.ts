/**
 * Tag order without ICU for the workspace's resources.
 *
 * aws-cdk-lib's TagManager sorts a resource's tags with `localeCompare` as soon as it holds two (a
 * VPC's or subnet's `Name` and our `coiled-workspace`), and that first `localeCompare` starts ICU's
 * collator: ~8 ms of a workspace synth, for ordering a handful of ASCII keys. Each tag manager
 * under the workspace gets the same sort with `compareLikeLocale`, which gives `localeCompare`'s
 * order for printable ASCII and asks `localeCompare` itself for anything else: the template is the
 * one aws-cdk-lib renders (test/aws/tag-order.test.ts holds it to the stock sort).
 *
 * The sort is TagManager's private `sortedTags` getter. The override is installed only while that
 * getter is the one we know (tags sorted by key with `localeCompare`); if aws-cdk-lib changes it,
 * the resources keep aws-cdk-lib's own.
 */
import { Aspects, IAspect, ITaggable, ITaggableV2, TagManager } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { compareLikeLocale } from '../../core/collation';

const SORTED_TAGS = 'sortedTags';

/**
 * True when `source` (a getter's text) is the sort the override reproduces: every tag, ordered by
 * `first.key.localeCompare(second.key)`. Any other shape (another order, another field) is not.
 */
export function isKnownTagSort(source: string): boolean {
  return /^get sortedTags\(\)\s*\{\s*return Array\.from\(this\.tags\.values\(\)\)\.sort\(\((\w+),\s*(\w+)\)\s*=>\s*\1\.key\.localeCompare\(\2\.key\)\);?\s*\}$/.test(source);
}

/** True when the installed aws-cdk-lib's tag sort is the one the override reproduces. */
export function tagSortIsKnown(): boolean {
  return isKnownTagSort(String(Object.getOwnPropertyDescriptor(TagManager.prototype, SORTED_TAGS)?.get));
}

const KNOWN = tagSortIsKnown();

function sortedWithoutIcu(this: { tags: Map<string, { key: string }> }): Array<{ key: string }> {
  return Array.from(this.tags.values()).sort((a, b) => compareLikeLocale(a.key, b.key));
}

class IcuFreeTagOrder implements IAspect {
  public visit(node: IConstruct): void {
    const manager = TagManager.isTaggableV2(node)
      ? (node as ITaggableV2).cdkTagManager
      : TagManager.isTaggable(node) ? (node as ITaggable).tags : undefined;
    if (manager && (manager as unknown as { tags?: unknown }).tags instanceof Map) {
      Object.defineProperty(manager, SORTED_TAGS, { get: sortedWithoutIcu, configurable: true });
    }
  }
}

/** Gives every tag manager under `scope` (at synth, so also those added later) the ICU-free sort. */
export function orderTagsWithoutIcu(scope: IConstruct): void {
  if (KNOWN) Aspects.of(scope).add(new IcuFreeTagOrder());
}
