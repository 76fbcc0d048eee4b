import { createUnionType } from 'type-graphql';
import { failureTypeName, NameTakenError, ValidationError } from './errors.type';
import { RoleDefinitionType } from './user.type';

export const RoleDefinitionResult = createUnionType({
  name: 'RoleDefinitionResult',
  types: () => [RoleDefinitionType, ValidationError, NameTakenError] as const,
  resolveType: (value) => failureTypeName(value) ?? 'RoleDefinition',
});
