import { Field, ID, ObjectType } from 'type-graphql';
import { Connection } from './connection';
import { VendorStatus } from './enums';

@ObjectType('Vendor')
export class VendorType {
  @Field(() => ID) id!: string;
  @Field(() => String) companyName!: string;
  @Field(() => String, { nullable: true }) website?: string;
  @Field(() => String, { nullable: true }) description?: string;
  @Field(() => String, { nullable: true }) contact?: string;
  @Field(() => VendorStatus) status!: VendorStatus;
  @Field(() => String, { nullable: true }) message?: string;
  @Field(() => Date, { nullable: true }) submittedAt?: Date;
  @Field(() => Date, { nullable: true }) decidedAt?: Date;
  // user: field resolver
}

export const VendorConnection = Connection(VendorType, 'Vendor');
