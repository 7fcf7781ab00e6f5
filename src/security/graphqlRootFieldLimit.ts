import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql'

/**
 * Each root field of a query (`Treks`, `Post`, an alias of either) is at least one full
 * collection read with its own count and select. Payload's complexity budget prices a list
 * query at a few points, so one request could carry hundreds of aliased reads; capping the
 * root fields per operation bounds the work one request can start.
 */
export const MAX_ROOT_FIELDS_PER_OPERATION = 20

function countRootFields(
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  seen: Set<string>,
): number {
  let count = 0
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (!selection.name.value.startsWith('__')) {
        count += 1
      }
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += countRootFields(selection.selectionSet, fragments, seen)
    } else {
      const name = selection.name.value
      const fragment = fragments.get(name)
      // Spreading one fragment twice selects its fields once (GraphQL merges them); counting
      // each fragment once also keeps a cycle (refused by graphql's own rule) finite.
      if (fragment && !seen.has(name)) {
        seen.add(name)
        count += countRootFields(fragment.selectionSet, fragments, seen)
      }
    }
  }
  return count
}

export function limitRootFields(context: ValidationContext): ASTVisitor {
  const fragments = new Map<string, FragmentDefinitionNode>()
  for (const definition of context.getDocument().definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition)
    }
  }
  return {
    OperationDefinition(operation) {
      const count = countRootFields(operation.selectionSet, fragments, new Set())
      if (count > MAX_ROOT_FIELDS_PER_OPERATION) {
        context.reportError(
          new GraphQLError(
            `An operation may select at most ${MAX_ROOT_FIELDS_PER_OPERATION} root fields (queries or mutations, aliases included); this one selects ${count}. Split it into several requests.`,
            { nodes: [operation] },
          ),
        )
      }
    },
  }
}
