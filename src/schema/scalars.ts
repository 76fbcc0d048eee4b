import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { GraphQLUpload } from 'graphql-upload-minimal';

/** ISO-8601 timestamps. */
export const DateTimeScalar: GraphQLScalarType = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  name: 'DateTime',
});
/** Arbitrary JSON values. */
export const JSONScalar: GraphQLScalarType = new GraphQLScalarType({ ...JSONResolver.toConfig(), name: 'JSON' });
/** A file of a GraphQL multipart request. */
export const UploadScalar: GraphQLScalarType = GraphQLUpload as GraphQLScalarType;

export interface FileUpload {
  filename: string;
  mimetype: string;
  encoding: string;
  createReadStream(): NodeJS.ReadableStream;
}
