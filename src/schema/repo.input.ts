import { Field, InputType, Int } from 'type-graphql';
import { Provider, RepoType, VersionStatus, Visibility } from './enums';

@InputType('RepoCredentialInput', {
  description: 'S3: accessKeyId + secretAccessKey; HTTP(S): optional basic auth. Write-only.',
})
export class RepoCredentialInput {
  @Field(() => String, { nullable: true }) accessKeyId?: string;
  @Field(() => String, { nullable: true }) secretAccessKey?: string;
  @Field(() => String, { nullable: true }) username?: string;
  @Field(() => String, { nullable: true }) password?: string;
}

@InputType('CreateRepoInput')
export class CreateRepoInput {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description?: string;
  @Field(() => RepoType) type!: RepoType;
  @Field(() => String) url!: string;
  @Field(() => RepoCredentialInput, { nullable: true }) credential?: RepoCredentialInput;
  @Field(() => [Provider], { description: 'KUBERNETES → Helm charts; QINGCLOUD/AWS/ALIYUN → VM packages.' })
  providers!: Provider[];
  @Field(() => Visibility, { nullable: true, description: 'PUBLIC needs the repo:public permission. Default PRIVATE.' })
  visibility?: Visibility;
  @Field(() => Int, { nullable: true, description: '0 (default) = manual only; otherwise at least 180.' })
  syncPeriodSeconds?: number;
  @Field(() => VersionStatus, { nullable: true, description: 'DRAFT or ACTIVE (default) for indexed versions.' })
  appDefaultStatus?: VersionStatus;
}
